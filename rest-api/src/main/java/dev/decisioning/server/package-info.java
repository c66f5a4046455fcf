/** Starts the HTTP server: reads settings, compiles the rule sets and deploys one verticle per core. */
package dev.decisioning.server;

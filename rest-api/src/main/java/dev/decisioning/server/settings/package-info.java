/** How the server runs: its settings and limits, read once at start from the command line and environment. */
package dev.decisioning.server.settings;

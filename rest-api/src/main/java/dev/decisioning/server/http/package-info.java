/** The HTTP API: one router, handlers grouped by feature, JSON in and out through one configured mapper. */
package dev.decisioning.server.http;

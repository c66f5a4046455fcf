/**
 * What operators see of a running server: request ids, the access log, metrics, the log's line format, and the steps
 * of a graceful shutdown. Uses no other package of the server.
 */
package dev.decisioning.server.ops;

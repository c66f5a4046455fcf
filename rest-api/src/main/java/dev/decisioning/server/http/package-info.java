/**
 * The HTTP API: one router, handlers grouped by feature, JSON in and out through one configured mapper, and the
 * failure handler that turns every failure into a status and an error envelope.
 */
package dev.decisioning.server.http;

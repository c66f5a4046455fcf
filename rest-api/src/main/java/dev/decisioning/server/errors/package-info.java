/** The one error envelope every failed call answers with, and the mapping from failures to HTTP statuses. */
package dev.decisioning.server.errors;

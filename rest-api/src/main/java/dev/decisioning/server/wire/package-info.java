/** The JSON of every success answer of the HTTP API, as versioned records made from the engine's results. */
package dev.decisioning.server.wire;

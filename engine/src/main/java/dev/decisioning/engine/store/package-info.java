/** Versioned, durable rule set storage: immutable numbered versions, an active pointer per rule set, crash-safe writes. */
package dev.decisioning.engine.store;

/** Benchmarks that measure the engine and the server against the floors under them: raw Drools and a bare Vert.x endpoint. */
package dev.decisioning.bench;

/** Starting an engine inside this JVM: the server, test suites and benchmarks start theirs here. */
package dev.decisioning.engine.embedded;

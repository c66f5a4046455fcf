/** The engine on Drools: compiles rule sets into KieBases and DMN runtimes and serves the engine API with them. */
package dev.decisioning.engine.drools;

/** Where rule sets come from: each loader hands the engine named, versioned sets of rule files and nothing else. */
package dev.decisioning.engine.loading;

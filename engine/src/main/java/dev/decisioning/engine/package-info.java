/** The engine's public API: ask for customer decisions and model evaluations by rule set name, and get answers with their reasons. */
package dev.decisioning.engine;

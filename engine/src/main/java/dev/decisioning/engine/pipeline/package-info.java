/** The path of one decision through a compiled rule set: request fields to facts and model inputs, rules, DMN evaluation, explanation. */
package dev.decisioning.engine.pipeline;

/** A rule set's own data model: the request it accepts (a JSON Schema) and what its answer is made of (its manifest). */
package dev.decisioning.engine.datamodel;

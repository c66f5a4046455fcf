/** Plain-Java index over a decision table's input entries: finds the rows a request can match without evaluating every row. */
package dev.decisioning.engine.tableindex;

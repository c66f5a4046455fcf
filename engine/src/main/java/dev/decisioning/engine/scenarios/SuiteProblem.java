package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A scenario file that could not be used, or could not be run: it fails the run, the other files still run.
 *
 * @param file    the file
 * @param line    where in the file, when known
 * @param problem what is wrong, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuiteProblem(String file, Integer line, String problem) {

    @Override
    public String toString() {
        return file + (line == null ? "" : " line " + line) + ": " + problem;
    }
}

package dev.decisioning.engine.scenarios;

/**
 * The text of a scenario file, before parsing: read from a folder, or posted over HTTP.
 *
 * @param name    the file name; its extension picks the format ({@code .yaml}/{@code .yml}, {@code .csv}, {@code .scesim})
 * @param content the file's text
 */
public record SuiteFile(String name, String content) {
}

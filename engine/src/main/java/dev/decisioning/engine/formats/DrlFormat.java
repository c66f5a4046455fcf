package dev.decisioning.engine.formats;

import java.nio.charset.StandardCharsets;

/** Drools Rule Language files ({@code .drl}), compiled as they are. */
final class DrlFormat implements RuleFileFormat {

    @Override
    public String kind() {
        return "drl";
    }

    @Override
    public java.util.List<String> extensions() {
        return java.util.List.of(".drl");
    }

    @Override
    public Module module() {
        return Module.RULES;
    }

    @Override
    public PreparedFile prepare(String fileName, byte[] content) {
        return new PreparedFile(fileName, this, fileName, content, new String(content, StandardCharsets.UTF_8), null);
    }

    @Override
    public boolean handWrittenCode() {
        return true;
    }
}

package dev.decisioning.engine.formats;

import dev.decisioning.engine.DecisionMessage;
import dev.decisioning.engine.workarounds.DmnCompatibility;


/**
 * DMN models ({@code .dmn}), as the standard and the editors that save them write them: mended where those editors
 * differ from Drools ({@link DmnCompatibility}), in the same pass that checks the XML is well-formed.
 */
final class DmnFormat implements RuleFileFormat {

    @Override
    public String kind() {
        return "dmn";
    }

    @Override
    public java.util.List<String> extensions() {
        return java.util.List.of(".dmn");
    }

    @Override
    public Module module() {
        return Module.MODELS;
    }

    @Override
    public PreparedFile prepare(String fileName, byte[] content) {
        try {
            return new PreparedFile(fileName, this, fileName, DmnCompatibility.normalize(content), null, null);
        } catch (DmnCompatibility.NotWellFormed e) {
            // Mending can join the lines of an empty cell: the author's own text gives the line they will look at.
            DecisionMessage problem = DmnXmlCheck.problem(fileName, content).orElseGet(() -> DecisionMessage.error(
                    "compilation", fileName, e.line(), "not well-formed XML: " + e.getMessage()));
            return PreparedFile.refused(fileName, this, problem);
        }
    }
}

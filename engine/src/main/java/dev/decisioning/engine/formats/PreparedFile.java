package dev.decisioning.engine.formats;

import dev.decisioning.engine.DecisionMessage;

/**
 * A rule file as Drools is to read it, or why it cannot be.
 *
 * @param fileName   the file's name in the rule set
 * @param format     its format
 * @param droolsName the name Drools sees, whose extension tells Drools how to read it
 * @param content    what Drools reads: the file itself, mended, or DRL generated from it; null with a problem
 * @param drl        the DRL text Drools compiles for it (DRL files and spreadsheets), for checks that read the rule
 *                   code by line; null for other kinds
 * @param problem    why the file cannot be compiled, naming its line; null when it can
 */
public record PreparedFile(String fileName, RuleFileFormat format, String droolsName, byte[] content, String drl,
                           DecisionMessage problem) {

    static PreparedFile refused(String fileName, RuleFileFormat format, DecisionMessage problem) {
        return new PreparedFile(fileName, format, null, null, null, problem);
    }
}

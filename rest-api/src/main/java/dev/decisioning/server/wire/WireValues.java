package dev.decisioning.server.wire;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** How the records of this package turn the engine's values into theirs. */
final class WireValues {
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

    private WireValues() {
    }

    /**
     * A rule set version as the wire writes it: its number. The engine names a version by text, its number in a
     * versioned store, and the server always runs on one, so every version it serves has a number. The one version
     * that is not a number on such a server is that of a rule set the store could not read any version of (it serves
     * nothing): null. An engine without a store names versions by a hash of their files; those are null too.
     */
    static Integer versionNumber(String version) {
        return version != null && NUMBER.matcher(version).matches() ? Integer.valueOf(version) : null;
    }

    /** Each element converted, in order; null stays null. */
    static <A, B> List<B> each(List<A> values, Function<A, B> convert) {
        return values == null ? null : values.stream().map(convert).toList();
    }
}

package dev.decisioning.server.wire;

import java.util.List;
import java.util.function.Function;

/** How the records of this package turn the engine's values into theirs. */
final class WireValues {
    private WireValues() {
    }

    /** A rule set version as the wire writes it: its number, or null for rule sets no store has numbered. */
    static Integer versionNumber(dev.decisioning.engine.VersionNumber version) {
        return version == null ? null : version.value();
    }

    /** Each element converted, in order; null stays null. */
    static <A, B> List<B> each(List<A> values, Function<A, B> convert) {
        return values == null ? null : values.stream().map(convert).toList();
    }
}

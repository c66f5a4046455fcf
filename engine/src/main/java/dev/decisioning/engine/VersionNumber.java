package dev.decisioning.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The number a store gives a stored version of a rule set: 1, 2, 3... in the order they were stored. On the wire it is
 * a plain JSON number everywhere. Rule sets read straight from files, without a store, have none (null) and are told
 * apart by their content hash.
 */
public record VersionNumber(int value) implements Comparable<VersionNumber> {

    public VersionNumber {
        if (value < 1) {
            throw new IllegalArgumentException("a version number is 1 or more, not " + value);
        }
    }

    @JsonCreator
    public static VersionNumber of(int value) {
        return new VersionNumber(value);
    }

    @JsonValue
    @Override
    public int value() {
        return value;
    }

    /** Whether this is the version numbered {@code number}. */
    public boolean is(int number) {
        return value == number;
    }

    @Override
    public int compareTo(VersionNumber other) {
        return Integer.compare(value, other.value);
    }

    /** The number alone, as messages and logs write it ("version 3"). */
    @Override
    public String toString() {
        return Integer.toString(value);
    }
}

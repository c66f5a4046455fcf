package dev.decisioning.engine.facts;

/** A segment the customer belongs to, inserted by a segment rule. */
public class SegmentMembership {
    private final String segment;

    public SegmentMembership(String segment) {
        this.segment = segment;
    }

    public String getSegment() {
        return segment;
    }
}

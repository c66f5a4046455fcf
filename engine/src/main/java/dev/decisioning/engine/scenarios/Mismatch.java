package dev.decisioning.engine.scenarios;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One difference between what a case expects and what the answer holds.
 *
 * @param path     where, e.g. {@code loyaltyTier.spendToNextTier} or {@code offers[1].id}
 * @param expected what the case expects, as written (a {@code contains} or tolerance expectation included)
 * @param actual   what the answer has there; null when the answer lacks the field altogether
 */
public record Mismatch(String path, JsonNode expected, JsonNode actual) {

    @Override
    public String toString() {
        return path + ": expected " + expected + ", actual " + (actual == null ? "(absent)" : actual);
    }
}

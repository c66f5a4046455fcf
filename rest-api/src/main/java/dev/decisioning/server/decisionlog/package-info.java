/**
 * The decision log: every decision and model evaluation as one JSON line, personal fields masked, written by one
 * thread of its own into files that rotate by size and age; looking logged decisions up again, and replaying them
 * against another version of their rule set.
 */
package dev.decisioning.server.decisionlog;

package dev.decisioning.server.wire;

import java.time.Instant;

/**
 * {@code GET /api/v1/decision-log}: what the server's decision log has done since the server started.
 *
 * @param enabled    false when the server runs with {@code --decision-log=off}
 * @param directory  where its files are
 * @param sampleRate the share of calls it logs, 0 to 1
 * @param logged     calls written to the files
 * @param sampledOut calls left out by sampling
 * @param dropped    calls not logged because the writer's queue was full (the calls were answered all the same)
 * @param failed     calls that could not be written (the disk is full, or the folder cannot be written)
 * @param queued     calls waiting for the writer now
 * @param files      files in the folder now
 * @param bytes      their size together
 * @param oldest     when the oldest of them was started; null when there is none
 */
public record DecisionLogStatusV1(boolean enabled, String directory, double sampleRate, long logged, long sampledOut,
                                  long dropped, long failed, int queued, int files, long bytes, Instant oldest)
        implements WireAnswer {
}

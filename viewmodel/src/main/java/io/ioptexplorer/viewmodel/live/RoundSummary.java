package io.ioptexplorer.viewmodel.live;

/**
 * One pre-copy round of a {@code migrate} step.
 *
 * @param dirtyPages     pages the trackers reported (their union)
 * @param truePages      pages really written in the round (ground truth)
 * @param pagesSent      pages sent in the round (round 0: all guest memory)
 * @param durationNs     simulated time the round took
 * @param downtimeEstNs  the downtime the VMM estimated after the round
 */
public record RoundSummary(int round, long dirtyPages, long truePages, long pagesSent, long durationNs,
                           long downtimeEstNs) {
}

package io.ioptexplorer.hardware.inspect.migration;

import io.ioptexplorer.hardware.vmm.RoundMetrics;
import java.util.List;

/**
 * One migration attempt as far as it got.
 *
 * @param ordinal          0 for the run's first {@code migrate}
 * @param bandwidth        link bandwidth, bytes per second
 * @param downtimeLimitNs  the downtime the estimate must fit
 * @param maxRounds        pre-copy rounds allowed
 * @param rounds           finished pre-copy rounds, in order
 * @param decision         {@code converged}, {@code out-of-rounds}, {@code blocked}, or "" while pre-copy runs
 * @param result           {@code completed}, {@code blocked}, {@code cancelled}, {@code failed}, or {@code running}
 * @param reason           why it was blocked, cancelled or failed ("" otherwise)
 * @param stopCopy         the final transfer, or null before it
 * @param verification     the page comparison, or null before it
 */
public record MigrationRecord(int ordinal, long bandwidth, long downtimeLimitNs, int maxRounds,
                              List<RoundMetrics> rounds, String decision, String result, String reason,
                              StopCopy stopCopy, Checked verification) {
    public MigrationRecord {
        rounds = List.copyOf(rounds);
    }

    public boolean running() {
        return "running".equals(result);
    }

    /** Guest pages and device state sent with vCPUs and devices stopped. */
    public record StopCopy(long finalPages, long deviceBytes, long downtimeNs) {
    }

    /** Every guest page compared on the destination; the first lost ones named by IOVA. */
    public record Checked(long pagesCompared, long mismatches, List<Long> lostIovas) {
        public Checked {
            lostIovas = List.copyOf(lostIovas);
        }
    }
}

package io.ioptexplorer.hardware.vmm;

import java.util.List;

/**
 * The outcome of one migration attempt, with field names plain enough for a JSON report.
 *
 * @param result          completed, blocked, cancelled or failed
 * @param reason          why it was blocked / cancelled / failed ("" when completed)
 * @param rounds          pre-copy rounds in order
 * @param pagesSent       guest pages sent over the link, all rounds and stop-and-copy
 * @param bytesSent       all bytes sent (guest pages and device state)
 * @param deviceBytes     device state bytes sent (pre-copy and stop-copy)
 * @param finalPages      guest pages sent during stop-and-copy
 * @param downtimeNs      time from stopping the VM to the last byte sent
 * @param totalNs         time from migration start to the end of stop-and-copy (or cancel)
 * @param iotlbHitsBefore IOTLB hits of every unit before the migration started (cumulative)
 * @param iotlbMissesBefore IOTLB misses of every unit before the migration started (cumulative)
 * @param splitReports    per IOMMU-tracked HWPT, what the split policy cost
 * @param plan            per device, its tracker or treatment
 * @param verification    page comparison (null unless completed)
 * @param stopCopy        the final sync and downtime transfer (null unless completed)
 */
public record MigrationResult(Result result, String reason, List<RoundMetrics> rounds, long pagesSent, long bytesSent,
                              long deviceBytes, long finalPages, long downtimeNs, long totalNs, long iotlbHitsBefore,
                              long iotlbMissesBefore, List<SplitReport> splitReports, List<DevicePlan> plan,
                              Verification verification, StopCopyMetrics stopCopy) {
    /** How the attempt ended. */
    public enum Result { COMPLETED, BLOCKED, CANCELLED, FAILED }

    public MigrationResult {
        rounds = List.copyOf(rounds);
        splitReports = List.copyOf(splitReports);
        plan = List.copyOf(plan);
    }

    public int preCopyRounds() {
        return rounds.size();
    }

    /** IOTLB hits of every unit during the pre-copy rounds. */
    public long iotlbHits() {
        return rounds.stream().mapToLong(RoundMetrics::iotlbHits).sum();
    }

    /** IOTLB misses of every unit during the pre-copy rounds. */
    public long iotlbMisses() {
        return rounds.stream().mapToLong(RoundMetrics::iotlbMisses).sum();
    }

    /** Hit rate during the pre-copy rounds (compare with {@link #iotlbHitRateBefore()}). */
    public double iotlbHitRate() {
        long total = iotlbHits() + iotlbMisses();
        return total == 0 ? 0 : (double) iotlbHits() / total;
    }

    /** Hit rate of everything before the migration started. */
    public double iotlbHitRateBefore() {
        long total = iotlbHitsBefore + iotlbMissesBefore;
        return total == 0 ? 0 : (double) iotlbHitsBefore / total;
    }

    /** Invalidation commands during the rounds and stop-and-copy. */
    public long invalidations() {
        return rounds.stream().mapToLong(RoundMetrics::invalidations).sum()
                + (stopCopy == null ? 0 : stopCopy.invalidations());
    }

    /** Leaves split, over every IOMMU-tracked HWPT. */
    public long splits() {
        return splitReports.stream().mapToLong(SplitReport::splits).sum();
    }

    /** Tables collapsed back, over every IOMMU-tracked HWPT. */
    public long collapses() {
        return splitReports.stream().mapToLong(SplitReport::collapses).sum();
    }
}

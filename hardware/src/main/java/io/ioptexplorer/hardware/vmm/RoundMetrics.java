package io.ioptexplorer.hardware.vmm;

import java.util.List;

/**
 * One pre-copy round: what it sent, what the sync at its end found, and what the IOMMUs did meanwhile.
 *
 * @param round              0 = the full copy
 * @param startNs            simulated time the round started
 * @param durationNs         time to send its pages and device data at the link bandwidth
 * @param pagesSent          guest pages sent
 * @param bytesSent          guest page bytes plus device bytes
 * @param deviceBytes        device pre-copy data read from the VFIO data_fd and sent
 * @param syncs              per tracker, the sync at the round's end
 * @param dirtyPages         union of every synced tracker: the next round's pages
 * @param truePages          pages really written during the round (GuestMemory ground truth)
 * @param amplification      dirtyPages / truePages (true floored at 1; 1 when both are 0)
 * @param estimatedDowntimeNs time to send the dirty pages and remaining device state now
 * @param iotlbHits          IOTLB hits during the round, all units
 * @param iotlbMisses        IOTLB misses during the round, all units
 * @param invalidations      invalidation commands during the round (including the sync's)
 * @param splits             leaves split during the round (lazy) or at its start (eager, round 0)
 * @param collapses          tables collapsed during the round
 * @param vfioSynced         whether VFIO trackers were synced (false with x-pre-copy-dirty-page-tracking off)
 */
public record RoundMetrics(int round, long startNs, long durationNs, long pagesSent, long bytesSent, long deviceBytes,
                           List<TrackerSync> syncs, long dirtyPages, long truePages, double amplification,
                           long estimatedDowntimeNs, long iotlbHits, long iotlbMisses, long invalidations,
                           long splits, long collapses, boolean vfioSynced) {
    public RoundMetrics {
        syncs = List.copyOf(syncs);
    }

    public double iotlbHitRate() {
        long total = iotlbHits + iotlbMisses;
        return total == 0 ? 0 : (double) iotlbHits / total;
    }
}

package io.ioptexplorer.hardware.sim;

/**
 * What each hardware action costs in simulated nanoseconds. The defaults are round, illustrative figures of the
 * right order of magnitude (a DRAM access per page-walk level, a few ns for an IOTLB hit, hundreds of ns for a queued
 * invalidation command and about a microsecond to wait for its completion); they are not measurements of any one
 * part, and every one can be changed by a topology.
 *
 * @param iotlbHitNs        one translation served from the IOTLB
 * @param walkLevelNs       one page-table level read during a walk (one dependent memory load)
 * @param entryWriteNs      the atomic read-modify-write that sets an Accessed or Dirty bit
 * @param invalidationCmdNs one invalidation command placed in the command queue and executed
 * @param syncNs            one completion wait / CMD_SYNC / wait descriptor / IOFENCE.C
 * @param bytesPerNsDma     device DMA bandwidth into memory, bytes per ns (only data movement, not translation)
 */
public record CostModel(long iotlbHitNs, long walkLevelNs, long entryWriteNs, long invalidationCmdNs, long syncNs,
                        double bytesPerNsDma) {

    public static CostModel defaults() {
        return new CostModel(5, 80, 40, 300, 1_000, 16.0);
    }

    public CostModel {
        if (iotlbHitNs < 0 || walkLevelNs < 0 || entryWriteNs < 0 || invalidationCmdNs < 0 || syncNs < 0
                || !(bytesPerNsDma > 0)) {
            throw new IllegalArgumentException("costs must be non-negative and DMA bandwidth positive");
        }
    }
}

package io.ioptexplorer.hardware.pagetable;

import java.util.Map;

/**
 * A snapshot of one page table's counters.
 *
 * @param leavesBySize      live leaves per leaf size in bytes (a replicated AMD leaf counts once)
 * @param liveTablePages    table pages this page table holds now, the root included
 * @param tablePagesAllocated table pages it allocated so far (cumulative)
 * @param tablePagesFreed   table pages it freed so far (cumulative)
 * @param splits            leaves split so far (cumulative)
 * @param collapses         tables collapsed into a leaf so far (cumulative)
 * @param mappedBytes       bytes currently mapped
 */
public record PageTableStats(Map<Long, Long> leavesBySize, long liveTablePages, long tablePagesAllocated,
                             long tablePagesFreed, long splits, long collapses, long mappedBytes) {
    public PageTableStats {
        leavesBySize = Map.copyOf(leavesBySize);
    }
}

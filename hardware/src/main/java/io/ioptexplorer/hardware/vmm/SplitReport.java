package io.ioptexplorer.hardware.vmm;

import java.util.Map;

/**
 * What a split policy cost on one IOMMU-tracked HWPT over one migration attempt.
 *
 * @param leavesAtStart     leaves by size when tracking started (before any split)
 * @param tablePagesAtStart table pages when tracking started
 * @param tablePagesPeak    most table pages seen while tracking
 * @param tablePagesAtEnd   table pages after tracking stopped (after any collapse)
 * @param splits            leaves split (including those split during lazy provisioning before tracking started; the
 *                          other figures are from tracking start)
 * @param collapses         tables collapsed back into leaves
 */
public record SplitReport(int hwptId, String unitId, SplitPolicy policy, Map<Long, Long> leavesAtStart,
                          long tablePagesAtStart, long tablePagesPeak, long tablePagesAtEnd, long splits,
                          long collapses) {
    public SplitReport {
        leavesAtStart = Map.copyOf(leavesAtStart);
    }
}

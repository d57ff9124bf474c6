package io.ioptexplorer.hardware.machine;

import java.util.Map;
import java.util.Set;

/**
 * A read-only snapshot of one paging HWPT for reports: which unit it was allocated for, its devices, its dirty
 * state, and its page table's shape and counters.
 */
public record DomainView(int hwptId, String unitId, String format, Set<String> devices, boolean dirtyOps,
                         boolean dirtyTracking, Map<Long, Long> leavesBySize, long liveTablePages, long splits,
                         long collapses, long mappedBytes) {
    public DomainView {
        devices = Set.copyOf(devices);
        leavesBySize = Map.copyOf(leavesBySize);
    }
}

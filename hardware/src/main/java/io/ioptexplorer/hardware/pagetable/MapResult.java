package io.ioptexplorer.hardware.pagetable;

import java.util.Map;

/** What one {@link IoPageTable#map} installed: the range and how many leaves of each size (bytes to count). */
public record MapResult(long iova, long length, Map<Long, Long> leavesBySize) {
    public MapResult {
        leavesBySize = Map.copyOf(leavesBySize);
    }
}

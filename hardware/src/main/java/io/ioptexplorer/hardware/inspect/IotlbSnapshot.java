package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.iommu.IotlbStats;
import java.util.List;

/** One IOMMU's IOTLB at a moment: its geometry, its valid entries, and its counters. */
public record IotlbSnapshot(String unitId, int sets, int ways, List<IotlbLine> lines, IotlbStats stats) {
    public IotlbSnapshot {
        lines = List.copyOf(lines);
    }

    public long staleCount() {
        return lines.stream().filter(IotlbLine::stale).count();
    }
}

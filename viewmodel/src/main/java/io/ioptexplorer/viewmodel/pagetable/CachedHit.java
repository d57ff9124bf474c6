package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import java.util.List;
import java.util.Optional;

/**
 * The IOTLB hit the machine is paused inside: the IOMMU answered from its cache and walked nothing, so there is no walk
 * to light. The tree opens instead the path to the leaf the hit's IOTLB entry caches (the entry a walk of that IOVA in
 * the page table reaches now), without lighting it as a walk. When the table changed since the fill and no
 * invalidation reached the IOTLB ({@link IotlbLine#stale()}, judged once in {@code MachineInspect.staleWhy}), the
 * entry the path ends at is not what the IOTLB answered with: the hazard the stale-IOTLB sample tells.
 *
 * @param hit  the event: the unit, the IOVA, the cached leaf and the dirty state cached with it
 * @param path the walk of the hit's IOVA in the page table as it stands now (read without A/D updates)
 * @param line the IOTLB entry that answered, as the IOTLB view lists it; null when it is no longer cached
 */
public record CachedHit(IotlbHit hit, WalkTrace path, IotlbLine line) {
    /** Whether the cached entry no longer matches the page table (a hazard until an invalidation reaches it). */
    public boolean stale() {
        return line != null && line.stale();
    }

    /** The entry the path ends at: the leaf the IOTLB entry caches, when the table still maps the IOVA. */
    public WalkLevel end() {
        return path.levels().get(path.levels().size() - 1);
    }

    /** The hit of {@code event} through {@code pt}, or empty when the event is not an IOTLB hit. */
    static Optional<CachedHit> of(Object event, IoPageTable pt, List<IotlbSnapshot> iotlbs) {
        if (!(event instanceof IotlbHit h)) {
            return Optional.empty();
        }
        WalkTrace path = WalkTrace.of(pt, h.iova());
        if (path.levels().isEmpty()) {
            return Optional.empty(); // beyond the table's IOVA space: nothing to open
        }
        IotlbLine line = null;
        for (IotlbSnapshot t : iotlbs) {
            if (!t.unitId().equals(h.unit())) {
                continue;
            }
            for (IotlbLine l : t.lines()) {
                if (l.domainId() == h.domainId() && l.leafIova() == h.leafIova() && l.leafSize() == h.leafSize()) {
                    line = l;
                }
            }
        }
        return Optional.of(new CachedHit(h, path, line));
    }
}

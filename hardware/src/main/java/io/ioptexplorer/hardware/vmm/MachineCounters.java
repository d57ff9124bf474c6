package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.IotlbStats;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.pagetable.PageTableStats;

/** A snapshot of the machine-wide counters a round reports as deltas: IOTLB, invalidations, splits, collapses. */
record MachineCounters(long iotlbHits, long iotlbMisses, long invalidations, long splits, long collapses) {

    static MachineCounters of(Machine m) {
        long hits = 0;
        long misses = 0;
        for (IotlbStats s : m.iotlbStats().values()) {
            hits += s.hits();
            misses += s.misses();
        }
        long inv = 0;
        for (IommuUnit u : m.units()) {
            inv += u.stats().invalidationCommands();
        }
        long splits = 0;
        long collapses = 0;
        for (Hwpt h : m.iommufd().hwpts()) {
            PageTableStats st = h.domain().pageTable().stats();
            splits += st.splits();
            collapses += st.collapses();
        }
        return new MachineCounters(hits, misses, inv, splits, collapses);
    }
}

package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.iommu.Iotlb;
import io.ioptexplorer.hardware.iommu.IotlbEntryView;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The machine's page tables and IOTLBs as the inspectors see them; every method runs on the simulation thread. */
public final class MachineInspect {
    private MachineInspect() {
    }

    /**
     * One paging HWPT, to choose from.
     *
     * @param beingAllocated whether IOMMU_HWPT_ALLOC is still filling its page table from the IOAS (an observer paused
     *                       inside those events): the table exists and grows, the HWPT is not yet finalized
     */
    public record HwptInfo(int id, String unitId, String format, List<String> devices, boolean dirtyTracking,
                           boolean beingAllocated) {
        public HwptInfo {
            devices = List.copyOf(devices);
        }

        public String label() {
            return "HWPT " + id + " (" + format + " on " + unitId + (devices.isEmpty() ? "" : ", "
                + String.join(", ", devices)) + (beingAllocated ? ", being allocated" : "") + ")";
        }
    }

    /** Every paging HWPT, the one being allocated last (it has the newest id). */
    public static List<HwptInfo> hwpts(Machine m) {
        List<HwptInfo> out = new ArrayList<>();
        for (Hwpt h : m.iommufd().hwpts()) {
            out.add(info(h, false));
        }
        m.iommufd().hwptBeingAllocated().ifPresent(h -> out.add(info(h, true)));
        return out;
    }

    private static HwptInfo info(Hwpt h, boolean beingAllocated) {
        return new HwptInfo(h.id(), h.allocatedFor().id(), h.domain().format().name(),
            List.copyOf(new TreeSet<>(h.domain().attachedDevices())), h.domain().dirtyTrackingEnabled(), beingAllocated);
    }

    /** The page table of HWPT {@code id}; IllegalArgumentException naming the HWPTs there are when none has it. */
    public static IoPageTable pageTable(Machine m, int hwptId) {
        for (Hwpt h : m.iommufd().hwpts()) {
            if (h.id() == hwptId) {
                return h.domain().pageTable();
            }
        }
        var building = m.iommufd().hwptBeingAllocated();
        if (building.isPresent() && building.get().id() == hwptId) {
            return building.get().domain().pageTable();
        }
        List<Integer> ids = hwpts(m).stream().map(HwptInfo::id).toList();
        throw new IllegalArgumentException("no paging HWPT " + hwptId + (ids.isEmpty()
            ? ": this machine has none at this moment" : "; there are " + ids));
    }

    /** Every IOMMU's IOTLB, in the machine's order. */
    public static List<IotlbSnapshot> iotlbs(Machine m) {
        List<IotlbSnapshot> out = new ArrayList<>();
        for (IommuUnit u : m.units()) {
            out.add(iotlb(m, u));
        }
        return out;
    }

    static IotlbSnapshot iotlb(Machine m, IommuUnit u) {
        Iotlb t = u.iotlb();
        List<IotlbLine> lines = new ArrayList<>();
        for (int slot = 0; slot < t.entries(); slot++) {
            IotlbEntryView v = t.entry(slot);
            if (v == null) {
                continue;
            }
            Hwpt h = hwptOfDomain(m, v.domainId());
            String why = h == null ? "its domain is gone" : staleWhy(h.domain().pageTable(), v);
            lines.add(new IotlbLine(slot, v.set(), slot % t.ways(), v.domainId(), h == null ? -1 : h.id(),
                v.leafIova(), v.leafSize(), v.physAddr(), v.prot(), v.dirty(), v.lastUse(), !why.isEmpty(), why));
        }
        return new IotlbSnapshot(u.id(), t.entries() / t.ways(), t.ways(), lines, t.stats());
    }

    private static Hwpt hwptOfDomain(Machine m, int domainId) {
        for (Hwpt h : m.iommufd().hwpts()) {
            if (h.domain().id() == domainId) {
                return h;
            }
        }
        return null;
    }

    /** What changed in the page table since the entry was filled; "" when it still matches. */
    static String staleWhy(IoPageTable pt, IotlbEntryView v) {
        long[] found = new long[5]; // iova, size, pa, prot, dirty(0/1); size 0 = not found
        pt.forEachLeaf(v.leafIova(), v.leafSize(), (iova, size, pa, prot, accessed, dirty) -> {
            if (found[1] == 0) {
                found[0] = iova;
                found[1] = size;
                found[2] = pa;
                found[3] = prot;
                found[4] = dirty ? 1 : 0;
            }
        });
        if (found[1] == 0) {
            return "the page table no longer maps this IOVA (unmapped without an invalidation)";
        }
        if (found[0] != v.leafIova() || found[1] != v.leafSize()) {
            return "the page table now has a " + Sizes.of(found[1]) + " leaf here (split or collapsed)";
        }
        if (found[2] != v.physAddr() || found[3] != v.prot()) {
            return "the page table entry now maps another address or permission";
        }
        if (v.dirty() && found[4] == 0) {
            return "cached dirty, but the Dirty bit was cleared: writes through this entry will not set it again "
                + "until an invalidation";
        }
        return "";
    }
}

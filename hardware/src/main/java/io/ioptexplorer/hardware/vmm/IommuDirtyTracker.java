package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.iommufd.Iommufd;
import io.ioptexplorer.hardware.pagetable.PageTableStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * IOMMU dirty tracking of one HWPT through iommufd: IOMMU_HWPT_SET_DIRTY_TRACKING on start/stop and
 * IOMMU_HWPT_GET_DIRTY_BITMAP (clearing, page_size = 4 KiB) per sync, as QEMU's hw/vfio/iommufd.c does (reference
 * §6). With {@link SplitPolicy#EAGER} every leaf larger than the granule is split as tracking is enabled
 * (proposal 4.a); with {@link SplitPolicy#LAZY} the leaves a sync finds dirty are split right after that sync
 * (proposal 4.b; the thread's variant also enables tracking at provisioning time, which this model does not: tracking
 * starts with the migration). Split leaves are collapsed back when tracking stops. Every split and collapse is
 * followed by an IOTLB invalidation of the range ({@link IommuDomain#splitAndFlush}).
 */
final class IommuDirtyTracker implements DirtyTracker {
    private final Iommufd iommufd;
    private final Hwpt hwpt;
    private final long length;
    private final SplitPolicy split;
    private final EventSink events;
    private final List<long[]> splitLeaves = new ArrayList<>();
    private PageTableStats atStart;
    private long peakTablePages;
    private PageTableStats atEnd;
    private long adoptedSplits;

    IommuDirtyTracker(Iommufd iommufd, Hwpt hwpt, long length, SplitPolicy split, EventSink events) {
        this.iommufd = iommufd;
        this.hwpt = hwpt;
        this.length = length;
        this.split = split;
        this.events = events;
    }

    @Override
    public String name() {
        return "iommu:hwpt" + hwpt.id();
    }

    @Override
    public TrackerKind kind() {
        return TrackerKind.IOMMU;
    }

    @Override
    public Set<String> sources() {
        return Set.copyOf(hwpt.domain().attachedDevices());
    }

    /** Leaves split before this tracker existed (lazy provisioning): collapsed with the others at the end. */
    void adoptSplitLeaves(List<long[]> leaves) {
        splitLeaves.addAll(leaves);
        adoptedSplits += leaves.size();
    }

    Hwpt hwpt() {
        return hwpt;
    }

    private IommuDomain domain() {
        return hwpt.domain();
    }

    private long granule() {
        return domain().format().granule();
    }

    @Override
    public void start() {
        atStart = domain().pageTable().stats();
        peakTablePages = atStart.liveTablePages();
        // Enable first (it wipes stale Dirty bits; it fails with EOPNOTSUPP on a HWPT without dirty ops, before
        // anything was split). No DMA runs between the two steps, so the split children start clean.
        iommufd.setDirtyTracking(hwpt.id(), Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        if (split == SplitPolicy.EAGER) {
            List<long[]> huge = new ArrayList<>();
            domain().pageTable().forEachLeaf(0, length, (iova, size, pa, prot, accessed, dirty) -> {
                if (size > granule()) {
                    huge.add(new long[] {iova, size});
                }
            });
            splitLeaves(huge, "eager");
        }
    }

    @Override
    public DirtySet sync() {
        List<long[]> dirtyHuge = new ArrayList<>();
        if (split == SplitPolicy.LAZY) {
            domain().pageTable().forEachLeaf(0, length, (iova, size, pa, prot, accessed, dirty) -> {
                if (dirty && size > granule()) {
                    dirtyHuge.add(new long[] {iova, size});
                }
            });
        }
        DirtySet out = new DirtySet();
        out.addBitmap(iommufd.getDirtyBitmap(hwpt.id(), 0, length, 4096, 0));
        if (!dirtyHuge.isEmpty()) {
            splitLeaves(dirtyHuge, "lazy");
        }
        return out;
    }

    private void splitLeaves(List<long[]> leaves, String policy) {
        long before = domain().pageTable().stats().splits();
        for (long[] l : leaves) {
            domain().splitAndFlush(l[0], l[1], granule());
            splitLeaves.add(l);
        }
        PageTableStats s = domain().pageTable().stats();
        peakTablePages = Math.max(peakTablePages, s.liveTablePages());
        if (events.enabled() && !leaves.isEmpty()) {
            events.emit(new VmmEvents.SplitApplied(hwpt.id(), policy, s.splits() - before, s.liveTablePages()));
        }
    }

    @Override
    public void stop() {
        stop("tracking stopped");
    }

    /** Turns the HWPT's dirty tracking off, then collapses what was split, naming why in the collapse event. */
    void stop(String reason) {
        if (domain().dirtyTrackingEnabled()) {
            iommufd.setDirtyTracking(hwpt.id(), 0);
        }
        collapse(reason);
    }

    /** Collapses every leaf split so far back to its original size. */
    void collapse(String reason) {
        if (splitLeaves.isEmpty()) {
            atEnd = domain().pageTable().stats();
            return;
        }
        long before = domain().pageTable().stats().collapses();
        for (long[] l : splitLeaves) {
            domain().collapseAndFlush(l[0], l[1]);
        }
        splitLeaves.clear();
        atEnd = domain().pageTable().stats();
        if (events.enabled()) {
            events.emit(new VmmEvents.CollapseApplied(hwpt.id(), reason, atEnd.collapses() - before,
                    atEnd.liveTablePages()));
        }
    }

    SplitReport report() {
        PageTableStats end = atEnd != null ? atEnd : domain().pageTable().stats();
        PageTableStats start = atStart != null ? atStart : end;
        return new SplitReport(hwpt.id(), hwpt.allocatedFor().id(), split, start.leavesBySize(),
                start.liveTablePages(), Math.max(peakTablePages, end.liveTablePages()), end.liveTablePages(),
                end.splits() - start.splits() + adoptedSplits, end.collapses() - start.collapses());
    }
}

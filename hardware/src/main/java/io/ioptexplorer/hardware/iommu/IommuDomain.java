package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.pagetable.DirtyFlags;
import io.ioptexplorer.hardware.pagetable.DirtyGather;
import io.ioptexplorer.hardware.pagetable.DirtyRecorder;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.MapResult;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A paging domain (what iommufd calls a paging HWPT): one IO page table, the devices attached to it, and the dirty
 * ops when it was allocated with dirty tracking. The driver-side behaviour of {@code set_dirty_tracking} and
 * {@code read_and_clear_dirty} lives here (include/linux/iommu.h {@code struct iommu_dirty_ops}).
 */
public final class IommuDomain {
    private final int id;
    private final IoPageTable pageTable;
    private final IommuModel model;
    private final boolean dirtyOps;
    private final IommuUnit owner;
    private final Map<String, IommuUnit.Port> attached = new LinkedHashMap<>();
    private final long pgsizeBitmap;
    private boolean dirtyTracking;
    private boolean forceSnooping;
    private long iotlbHits;
    private long iotlbMisses;
    private long invalidationCommands;

    public IommuDomain(int id, IoPageTable pageTable, IommuModel model, boolean dirtyOps) {
        this(id, pageTable, model, dirtyOps, null);
    }

    /** @param owner the IOMMU instance the domain was allocated for (SMMUv3 binds a domain to it) */
    public IommuDomain(int id, IoPageTable pageTable, IommuModel model, boolean dirtyOps, IommuUnit owner) {
        this.owner = owner;
        this.id = id;
        this.pageTable = pageTable;
        this.model = model;
        this.dirtyOps = dirtyOps;
        this.pgsizeBitmap = owner != null ? owner.pgsizeBitmap() : pageTable.format().supportedPageSizes();
    }

    /** The copy of {@code o}: registered first, because its attached ports point back to it. */
    private IommuDomain(IommuDomain o, CopyContext ctx) {
        ctx.register(o, this);
        this.id = o.id;
        this.model = o.model;
        this.dirtyOps = o.dirtyOps;
        this.pgsizeBitmap = o.pgsizeBitmap;
        this.pageTable = o.pageTable.copy(ctx);
        this.owner = o.owner == null ? null : o.owner.copy(ctx);
        for (IommuUnit.Port p : o.attached.values()) {
            attached.put(p.deviceId(), p.copy(ctx));
        }
        this.dirtyTracking = o.dirtyTracking;
        this.forceSnooping = o.forceSnooping;
        this.iotlbHits = o.iotlbHits;
        this.iotlbMisses = o.iotlbMisses;
        this.invalidationCommands = o.invalidationCommands;
    }

    /** A domain in the same state: the copy of its page table, its attached ports and counters. */
    public IommuDomain copy(CopyContext ctx) {
        return ctx.copy(this, c -> new IommuDomain(this, c));
    }

    public int id() {
        return id;
    }

    public IoPageTable pageTable() {
        return pageTable;
    }

    public PageTableFormat format() {
        return pageTable.format();
    }

    public IommuModel model() {
        return model;
    }

    /** The IOMMU instance the domain was allocated for, or null. */
    public IommuUnit owner() {
        return owner;
    }

    /** {@code domain->pgsize_bitmap}: the leaf sizes the domain maps with, fixed at allocation by its owner. */
    public long pgsizeBitmap() {
        return pgsizeBitmap;
    }

    /** VT-d {@code dmar_domain->force_snooping}: set once iommufd enforced cache coherency on the domain. */
    public boolean forceSnooping() {
        return forceSnooping;
    }

    /**
     * The driver's {@code enforce_cache_coherency} op, which iommufd calls at HWPT allocation and before attaching
     * a device whose IOMMU reports IOMMU_CAP_ENFORCE_CACHE_COHERENCY ({@code iommufd_hwpt_paging_enforce_cc}).
     * VT-d ({@code intel_iommu_enforce_cache_coherency}): only if every unit with a device attached has ECAP.SC
     * ({@code domain_support_force_snooping}); then force_snooping stays set. Other models keep no state here and
     * answer yes (AMD's op returns true; the SMMUv3 CANWBS check is not simulated).
     */
    public boolean enforceCacheCoherency() {
        if (model != IommuModel.VTD_SS || forceSnooping) {
            return true;
        }
        for (IommuUnit u : units()) {
            if (!u.vtdSnoopControl()) {
                return false;
            }
        }
        forceSnooping = true;
        return true;
    }

    /** Whether the domain has {@code dirty_ops}: it was allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING. */
    public boolean hasDirtyOps() {
        return dirtyOps;
    }

    /** IOTLB lookups for this domain's translations that hit, on every unit. */
    public long iotlbHits() {
        return iotlbHits;
    }

    public long iotlbMisses() {
        return iotlbMisses;
    }

    /** Invalidation commands (waits included) sent for this domain, on every unit. */
    public long invalidationCommands() {
        return invalidationCommands;
    }

    void countLookup(boolean hit) {
        if (hit) {
            iotlbHits++;
        } else {
            iotlbMisses++;
        }
    }

    void countInvalidations(long commands) {
        invalidationCommands += commands;
    }

    public boolean dirtyTrackingEnabled() {
        return dirtyTracking;
    }

    public Set<String> attachedDevices() {
        return Set.copyOf(attached.keySet());
    }

    /** Units that have devices attached: every one of them must be flushed when the table changes. */
    public Set<IommuUnit> units() {
        Set<IommuUnit> units = new LinkedHashSet<>();
        for (IommuUnit.Port p : attached.values()) {
            units.add(p.unit());
        }
        return units;
    }

    /**
     * Attaches a device's port, if the driver's {@link AttachRule} lets this domain serve the device's IOMMU (a
     * domain with dirty ops refuses a unit that cannot track dirty pages with EINVAL: reference §1.3).
     */
    public void attach(IommuUnit.Port port) {
        AttachRule.check(this, owner, port.unit(), port.deviceId());
        if (port.domain() != null) {
            port.domain().detach(port);
        }
        attached.put(port.deviceId(), port);
        port.attach(this);
        boolean dirtyOn = dirtyTracking || alwaysDirty();
        port.setAdUpdates(dirtyOn, dirtyOn);
    }

    public void detach(IommuUnit.Port port) {
        if (attached.remove(port.deviceId()) != null) {
            port.detach();
        }
    }

    /**
     * Arm SMMUv3 keeps HD set for the life of a dirty-capable domain: its {@code set_dirty_tracking} is a no-op
     * ("always enabled; bitmap cleared before enabling", reference §4.3).
     */
    private boolean alwaysDirty() {
        return model == IommuModel.SMMUV3 && dirtyOps;
    }

    /**
     * The driver's {@code set_dirty_tracking}: writes the A/D knob of every attached device, then flushes the whole
     * domain so new translations re-walk with updates on (amd_iommu_set_dirty_tracking, intel_pasid_setup_dirty_
     * tracking). Repeating the current state is a no-op success.
     */
    public void setDirtyTracking(boolean enable) {
        if (!dirtyOps) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "domain " + id + " was not allocated with dirty tracking");
        }
        if (enable == dirtyTracking) {
            return;
        }
        dirtyTracking = enable;
        if (alwaysDirty()) {
            return;
        }
        for (IommuUnit.Port p : attached.values()) {
            p.setAdUpdates(enable, enable);
        }
        for (IommuUnit unit : units()) {
            unit.flushDomain(this, enable ? "dirty tracking enabled" : "dirty tracking disabled");
        }
    }

    /**
     * The driver's {@code read_and_clear_dirty} over one range, followed (unless NO_CLEAR) by the IOTLB flush of what
     * was cleaned. See {@link #readAndClearDirty(List, int, DirtyRecorder)}.
     */
    public DirtyGather readAndClearDirty(long iova, long length, int flags, DirtyRecorder recorder) {
        return readAndClearDirty(List.of(new long[] {iova, length}), flags, recorder);
    }

    /**
     * {@code read_and_clear_dirty} over each contiguous mapped range, then one {@code iommu_iotlb_sync()} of the
     * union of what was cleaned, as {@code iommu_read_and_clear_dirty} in drivers/iommu/iommufd/io_pagetable.c
     * does. Units set to {@link InvalidationBatching#PER_ENTRY} instead flush after every cleaned leaf.
     *
     * @param ranges {iova, length} pairs
     */
    public DirtyGather readAndClearDirty(List<long[]> ranges, int flags, DirtyRecorder recorder) {
        if (!dirtyOps) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "domain " + id + " has no dirty ops");
        }
        boolean clearing = (flags & DirtyFlags.NO_CLEAR) == 0;
        List<IommuUnit> perEntry = new ArrayList<>();
        List<IommuUnit> gathered = new ArrayList<>();
        for (IommuUnit u : units()) {
            (u.batching() == InvalidationBatching.PER_ENTRY ? perEntry : gathered).add(u);
        }
        DirtyRecorder rec = recorder != null ? recorder : DirtyRecorder.NONE;
        if (clearing && !perEntry.isEmpty()) {
            DirtyRecorder inner = rec;
            rec = new DirtyRecorder() {
                @Override
                public void record(long leafIova, long leafLength) {
                    inner.record(leafIova, leafLength);
                    for (IommuUnit u : perEntry) {
                        u.flushAfterDirtyClear(IommuDomain.this, leafIova, leafIova + leafLength, leafLength);
                    }
                }

                @Override
                public boolean fillsBitmap() {
                    return inner.fillsBitmap();
                }
            };
        }
        long start = 0;
        long end = 0;
        long pageSize = 0;
        long cleaned = 0;
        for (long[] r : ranges) {
            DirtyGather g = pageTable.readAndClearDirty(r[0], r[1], flags, rec);
            if (g.isEmpty()) {
                continue;
            }
            if (cleaned == 0) {
                start = g.start();
                end = g.end();
                pageSize = g.pageSize();
            } else {
                start = Math.min(start, g.start());
                end = Math.max(end, g.end());
                pageSize = Math.min(pageSize, g.pageSize());
            }
            cleaned += g.entriesCleaned();
        }
        DirtyGather total = new DirtyGather(start, end, pageSize, cleaned);
        if (clearing && cleaned > 0) {
            for (IommuUnit u : gathered) {
                u.flushAfterDirtyClear(this, start, end, pageSize);
            }
        }
        return total;
    }

    public MapResult map(long iova, long physAddr, long length, int prot, long allowedPageSizes) {
        return pageTable.map(iova, physAddr, length, prot, allowedPageSizes & pgsizeBitmap);
    }

    /**
     * Splits the leaves in {@code [iova, iova+length)} larger than {@code targetPageSize} in place ({@link
     * IoPageTable#split}) and then invalidates the range on every unit with a device attached: the IOTLB may still
     * hold the huge translation (with its cached dirty state), which must not outlive the split. Not upstream Linux:
     * the in-place split of proposals 4.a/4.b in the dirty-tracking threads.
     */
    public void splitAndFlush(long iova, long length, long targetPageSize) {
        pageTable.split(iova, length, targetPageSize);
        for (IommuUnit u : units()) {
            u.flushRange(this, iova, iova + length, targetPageSize, "split");
        }
    }

    /**
     * Collapses what {@link IoPageTable#collapse} can inside {@code [iova, iova+length)} and invalidates the range
     * on every unit with a device attached (the small translations cached before the collapse). Not upstream Linux.
     */
    public void collapseAndFlush(long iova, long length) {
        pageTable.collapse(iova, length);
        for (IommuUnit u : units()) {
            u.flushRange(this, iova, iova + length, format().granule(), "collapse");
        }
    }

    /** Unmaps and flushes the range from every unit with a device attached. */
    public long unmap(long iova, long length) {
        long unmapped = pageTable.unmap(iova, length);
        if (unmapped > 0) {
            for (IommuUnit u : units()) {
                u.flushAfterUnmap(this, iova, iova + unmapped, format().granule());
            }
        }
        return unmapped;
    }
}

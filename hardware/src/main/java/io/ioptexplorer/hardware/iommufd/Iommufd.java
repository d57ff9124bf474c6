package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommufd.events.DirtyReadSwallowed;
import io.ioptexplorer.hardware.iommufd.events.IommufdEvents;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.DirtyFlags;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.Prot;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The iommufd object model behind {@code /dev/iommu}: bound devices, IOAS, paging HWPTs, and the dirty-tracking
 * ioctls with the kernel's checks and errnos (include/uapi/linux/iommufd.h; drivers/iommu/iommufd/device.c,
 * hw_pagetable.c, io_pagetable.c; reference/dirty-tracking.md §1).
 */
public final class Iommufd {
    // IOMMU_IOAS_MAP flags
    public static final int IOAS_MAP_FIXED_IOVA = 1 << 0;
    public static final int IOAS_MAP_WRITEABLE = 1 << 1;
    public static final int IOAS_MAP_READABLE = 1 << 2;
    // IOMMU_HWPT_ALLOC flags
    public static final int HWPT_ALLOC_NEST_PARENT = 1 << 0;
    public static final int HWPT_ALLOC_DIRTY_TRACKING = 1 << 1;
    // IOMMU_HWPT_SET_DIRTY_TRACKING flags
    public static final int HWPT_DIRTY_TRACKING_ENABLE = 1;
    // IOMMU_HWPT_GET_DIRTY_BITMAP flags
    public static final int HWPT_GET_DIRTY_BITMAP_NO_CLEAR = 1;
    /** The host's PAGE_SIZE: with HUGE_PAGES off, nothing larger is mapped. */
    public static final long HOST_PAGE_SIZE = 4096;
    /** The host's huge page size ({@code HPAGE_SIZE}, x86-64 with THP): iopt_alloc_iova's largest alignment. */
    static final long HPAGE_SIZE = 2L << 20;

    private final TablePagePool pool;
    private final long backingPageSize;
    private final EventSink events;
    private final Map<Integer, Object> objects = new LinkedHashMap<>();
    private int nextId = 1;
    /**
     * The HWPT IOMMU_HWPT_ALLOC is filling from its IOAS, not yet an object user space can name (the kernel maps the
     * IOAS into the new domain in iopt_table_add_domain() before iommufd_object_finalize()); null otherwise.
     */
    private Hwpt allocating;

    /**
     * @param backingPageSize largest size guest memory is physically contiguous in ({@code vm.hugepages}); no IOMMU
     *                        leaf is larger
     */
    public Iommufd(TablePagePool pool, long backingPageSize, EventSink events) {
        this.pool = pool;
        this.backingPageSize = backingPageSize;
        this.events = events;
    }

    private Iommufd(Iommufd o, CopyContext ctx) {
        this.pool = o.pool.copy(ctx);
        this.backingPageSize = o.backingPageSize;
        this.events = ctx.sink(o.events);
        for (var e : o.objects.entrySet()) {
            Object v = e.getValue();
            Object copy;
            if (v instanceof BoundDevice d) {
                copy = ctx.copy(d, c -> new BoundDevice(d.id(), d.port().copy(c)));
            } else if (v instanceof Ioas ioas) {
                copy = ioas.copy(ctx);
            } else if (v instanceof Hwpt h) {
                copy = h.copy(ctx);
            } else {
                throw new IllegalStateException("iommufd object " + e.getKey() + " of a kind the copy does not know: "
                        + v.getClass().getName());
            }
            objects.put(e.getKey(), copy);
        }
        ctx.count(64L * objects.size());
        this.nextId = o.nextId;
        this.allocating = o.allocating == null ? null : o.allocating.copy(ctx);
    }

    /**
     * An iommufd in the same state: every object (bound devices on the copies of their ports, IOASes, HWPTs on the
     * copies of their domains) under the same ids, and the same next id.
     */
    public Iommufd copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Iommufd(this, c));
    }

    /** A device bound to iommufd (VFIO cdev bind): returns its dev_id. */
    public int bindDevice(IommuUnit.Port port) {
        int id = nextId++;
        objects.put(id, new BoundDevice(id, port));
        return id;
    }

    public record BoundDevice(int id, IommuUnit.Port port) {
    }

    // ---- IOMMU_IOAS_ALLOC / IOMMU_OPTION / IOMMU_IOAS_MAP / IOMMU_IOAS_UNMAP

    public int ioasAlloc() {
        int id = nextId++;
        objects.put(id, new Ioas(id));
        if (events.enabled()) {
            events.emit(new IommufdEvents.IoasAllocated(id));
        }
        return id;
    }

    /** IOMMU_OPTION (IOMMU_OPTION_HUGE_PAGES), see {@link #applyHugePages}. */
    public void setHugePages(int ioasId, boolean on) {
        try {
            applyHugePages(ioasId, on);
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("IOMMU_OPTION (IOMMU_OPTION_HUGE_PAGES)", e, "object_id=%d val64=%d", ioasId, on ? 1 : 0);
            }
            throw e;
        }
        if (events.enabled()) {
            events.emit(new IommufdEvents.HugePagesSet(ioasId, on));
        }
    }

    /** IOMMU_IOAS_MAP, see {@link #mapArea}. */
    public long ioasMap(int ioasId, long iova, long length, long physAddr, int flags) {
        long used;
        try {
            used = mapArea(ioasId, iova, length, physAddr, flags);
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("IOMMU_IOAS_MAP", e, "ioas_id=%d iova=0x%x length=0x%x flags=0x%x", ioasId, iova, length,
                        flags);
            }
            throw e;
        }
        if (events.enabled()) {
            events.emit(new IommufdEvents.IoasMapped(ioasId, used, length, physAddr, flags));
        }
        return used;
    }

    /** IOMMU_IOAS_UNMAP, see {@link #unmapRange}. */
    public long ioasUnmap(int ioasId, long iova, long length) {
        long unmapped;
        try {
            unmapped = unmapRange(ioasId, iova, length);
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("IOMMU_IOAS_UNMAP", e, "ioas_id=%d iova=0x%x length=0x%x", ioasId, iova, length);
            }
            throw e;
        }
        if (events.enabled()) {
            events.emit(new IommufdEvents.IoasUnmapped(ioasId, iova, length, unmapped));
        }
        return unmapped;
    }

    private void refused(String ioctl, ErrnoException e, String args, Object... values) {
        events.emit(new IommufdEvents.IoctlRefused(ioctl, String.format(args, values), e.errno(), e.why()));
    }

    /**
     * IOMMU_OPTION_HUGE_PAGES on an IOAS ({@code iommufd_ioas_option_huge_pages}). Turning huge pages on always
     * succeeds ({@code iopt_enable_large_pages}). Turning them off ({@code iopt_disable_large_pages}) is refused with
     * EINVAL only when the IOAS has both a domain and mappings; otherwise the IOAS alignment becomes PAGE_SIZE, and
     * a mapping not aligned to it makes that EADDRINUSE ({@code iopt_calculate_iova_alignment}).
     */
    private void applyHugePages(int ioasId, boolean on) {
        Ioas ioas = ioas(ioasId);
        if (on || !ioas.hugePages()) {
            ioas.setHugePages(on);
            return;
        }
        if (!ioas.hwpts().isEmpty() && !ioas.areaMap().isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, "IOAS " + ioasId + " already has a HWPT and mappings; huge pages"
                    + " can only be turned off before one of them exists (iopt_disable_large_pages)");
        }
        ioas.setHugePages(false);
        try {
            checkAreasAligned(ioas, iovaAlignment(ioas));
        } catch (ErrnoException e) {
            ioas.setHugePages(true);
            throw e;
        }
    }

    /**
     * IOMMU_IOAS_MAP of {@code length} bytes of memory at {@code physAddr}. With FIXED_IOVA the mapping goes at
     * {@code iova}; without it the IOAS picks the lowest free IOVA. Returns the IOVA used.
     */
    private long mapArea(int ioasId, long iova, long length, long physAddr, int flags) {
        Ioas ioas = ioas(ioasId);
        if ((flags & ~(IOAS_MAP_FIXED_IOVA | IOAS_MAP_WRITEABLE | IOAS_MAP_READABLE)) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, String.format("unknown IOAS_MAP flags 0x%x", flags));
        }
        if (length == 0) {
            throw new ErrnoException(Errno.EINVAL, "IOAS_MAP length is 0");
        }
        int prot = ((flags & IOAS_MAP_READABLE) != 0 ? Prot.READ : 0) | ((flags & IOAS_MAP_WRITEABLE) != 0
                ? Prot.WRITE : 0);
        long alignment = iovaAlignment(ioas);
        if ((flags & IOAS_MAP_FIXED_IOVA) == 0) {
            iova = allocIova(ioas, physAddr, length, alignment);
        }
        // iopt_alloc_area_pages() then iopt_check_iova(): alignment (EINVAL) before overflow (EOVERFLOW).
        if (!IovaMath.isAligned(iova, alignment) || !IovaMath.isAligned(length, alignment)) {
            throw new ErrnoException(Errno.EINVAL, String.format("IOVA 0x%x length 0x%x is not aligned to the IOAS "
                    + "alignment 0x%x (%s)", iova, length, alignment, ioas.hwpts().isEmpty()
                    ? "PAGE_SIZE: huge pages are off" : "the smallest page size of the IOAS's domains"));
        }
        long last = IovaMath.checkLastIova(iova, length);
        for (Hwpt h : ioas.hwpts()) {
            // iopt_table_add_domain() reserved everything past the domain's aperture; iopt_check_iova() refuses it.
            if (Long.compareUnsigned(last, h.domain().format().maxIova()) > 0) {
                throw new ErrnoException(Errno.EINVAL, String.format("IOVA range 0x%x..0x%x is reserved in IOAS %d:"
                        + " it lies past the aperture of HWPT %d (%s ends at 0x%x)", iova, last, ioasId, h.id(),
                        h.domain().format().name(), h.domain().format().maxIova()));
            }
        }
        if (!ioas.areasMeeting(iova, last).isEmpty()) {
            throw new ErrnoException(Errno.EEXIST, String.format("IOVA range 0x%x..0x%x overlaps an existing "
                    + "mapping", iova, iova + length - 1));
        }
        IoasArea area = new IoasArea(iova, length, physAddr, prot);
        List<Hwpt> done = new ArrayList<>();
        try {
            for (Hwpt h : ioas.hwpts()) {
                mapInto(h, ioas, area);
                done.add(h);
            }
        } catch (ErrnoException e) {
            for (Hwpt h : done) {
                h.domain().unmap(area.iova(), area.length());
            }
            throw e;
        }
        ioas.areaMap().put(iova, area);
        return iova;
    }

    /**
     * IOMMU_IOAS_UNMAP: the range must cover whole mappings. Returns the bytes unmapped. {@code iova=0,
     * length=-1 (U64_MAX)} unmaps everything. Dirty state of the unmapped IOPTEs is lost: there is no
     * unmap-and-read-dirty uAPI (reference §1.6; read with NO_CLEAR first).
     */
    private long unmapRange(int ioasId, long iova, long length) {
        Ioas ioas = ioas(ioasId);
        if (length == 0) {
            throw new ErrnoException(Errno.EINVAL, "IOAS_UNMAP length is 0");
        }
        boolean all = iova == 0 && length == -1L;
        long last = all ? -1L : IovaMath.checkLastIova(iova, length);
        List<IoasArea> hit = ioas.areasMeeting(iova, last);
        for (IoasArea a : hit) {
            if (Long.compareUnsigned(a.iova(), iova) < 0 || Long.compareUnsigned(a.last(), last) > 0) {
                throw new ErrnoException(Errno.ENOENT, String.format("mapping 0x%x..0x%x is only partly inside "
                        + "the unmap range 0x%x..0x%x; unmap never splits a mapping", a.iova(), a.last(), iova,
                        last));
            }
        }
        if (hit.isEmpty()) {
            if (all) {
                return 0; // iopt_unmap_all(): an empty IOAS unmaps successfully
            }
            throw new ErrnoException(Errno.ENOENT, String.format("nothing is mapped in 0x%x..0x%x", iova, last));
        }
        long total = 0;
        for (IoasArea a : hit) {
            for (Hwpt h : ioas.hwpts()) {
                h.domain().unmap(a.iova(), a.length());
            }
            ioas.areaMap().remove(a.iova());
            total += a.length();
        }
        return total;
    }

    // ---- IOMMU_HWPT_ALLOC / attach / detach / IOMMU_GET_HW_INFO

    /** IOMMU_HWPT_ALLOC of a paging HWPT for {@code devId} on IOAS {@code ptId}. Returns the HWPT id. */
    public int hwptAlloc(int devId, int ptId, int flags) {
        int id;
        try {
            id = allocHwpt(devId, ptId, flags);
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("IOMMU_HWPT_ALLOC", e, "dev_id=%d pt_id=%d flags=0x%x%s", devId, ptId, flags,
                        (flags & HWPT_ALLOC_DIRTY_TRACKING) != 0 ? " (IOMMU_HWPT_ALLOC_DIRTY_TRACKING)" : "");
            }
            throw e;
        }
        if (events.enabled()) {
            IommuUnit.Port port = device(devId).port();
            events.emit(new IommufdEvents.HwptAllocated(port.deviceId(), port.unit().id(), ptId, id,
                    (flags & HWPT_ALLOC_DIRTY_TRACKING) != 0));
        }
        return id;
    }

    private int allocHwpt(int devId, int ptId, int flags) {
        if ((flags & ~(HWPT_ALLOC_NEST_PARENT | HWPT_ALLOC_DIRTY_TRACKING)) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, String.format("unknown HWPT_ALLOC flags 0x%x", flags));
        }
        BoundDevice dev = device(devId);
        Object pt = objects.get(ptId);
        if (!(pt instanceof Ioas ioas)) {
            throw new ErrnoException(Errno.EINVAL, "pt_id " + ptId + " is not an IOAS");
        }
        if ((flags & HWPT_ALLOC_NEST_PARENT) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "nesting parents are not simulated");
        }
        IommuUnit unit = dev.port().unit();
        boolean dirty = (flags & HWPT_ALLOC_DIRTY_TRACKING) != 0;
        if (dirty && !unit.dirtyTrackingCapable()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "device " + dev.port().deviceId() + "'s IOMMU " + unit.id()
                    + " lacks IOMMU_CAP_DIRTY_TRACKING"
                    + (unit.hardwareDirtyTracking() ? " (the hardware can set Dirty bits, but the upstream driver "
                    + "publishes no dirty ops for " + unit.model().key() + ")" : ""));
        }
        if (unit.model() == IommuModel.VTD_SS && !unit.vtdSecondStage()) {
            // intel_iommu_domain_alloc_paging_flags() would try a first-stage domain; none is simulated.
            throw new ErrnoException(Errno.EOPNOTSUPP, "IOMMU " + unit.id() + " has no second-stage translation"
                    + " (ECAP.SLTS is 0) and first-stage VT-d domains are not simulated");
        }
        long alignment = Math.max(iovaAlignment(ioas), unit.format().granule());
        if (alignment > HOST_PAGE_SIZE) {
            throw new ErrnoException(Errno.EINVAL, "IOMMU " + unit.id() + "'s smallest page, 0x"
                    + Long.toHexString(unit.format().granule()) + ", is larger than PAGE_SIZE (iopt_table_add_domain)");
        }
        checkAreasAligned(ioas, alignment);
        for (IoasArea a : ioas.areas()) {
            // iopt_reserve_iova() of the part past the new domain's aperture finds a mapping there.
            if (Long.compareUnsigned(a.end() - 1, unit.format().maxIova()) > 0) {
                throw new ErrnoException(Errno.EADDRINUSE, String.format("IOAS %d's mapping 0x%x..0x%x lies past the"
                        + " aperture of %s (%s ends at 0x%x), which the new domain must reserve; unmap it first",
                        ioas.id(), a.iova(), a.end() - 1, unit.id(), unit.format().name(),
                        unit.format().maxIova()));
            }
        }
        int id = nextId++;
        IoPageTable table = new IoPageTable(unit.format(), pool, new EventScope(unit.id(), id).over(events));
        IommuDomain domain = new IommuDomain(id, table, unit.model(), dirty, unit);
        if (enforcesCacheCoherency(unit)) {
            domain.enforceCacheCoherency(); // iommufd_hwpt_paging_alloc: no device attached yet, so it holds
        }
        Hwpt hwpt = new Hwpt(id, ioas, domain, unit);
        allocating = hwpt;
        try {
            for (IoasArea a : ioas.areas()) {
                mapInto(hwpt, ioas, a);
            }
        } finally {
            allocating = null;
        }
        ioas.addHwpt(hwpt);
        objects.put(id, hwpt);
        return id;
    }

    /** Attaches a device to a paging HWPT (replacing any previous attachment). */
    public void attach(int devId, int hwptId) {
        try {
            BoundDevice dev = device(devId);
            Hwpt hwpt = hwpt(hwptId);
            if (enforcesCacheCoherency(dev.port().unit()) && !hwpt.domain().enforceCacheCoherency()) {
                throw new ErrnoException(Errno.EINVAL, "device " + dev.port().deviceId() + "'s IOMMU enforces cache"
                        + " coherency, but HWPT " + hwptId + " serves a unit without snoop control, so it cannot"
                        + " force snooping (iommufd_hwpt_paging_enforce_cc)");
            }
            hwpt.domain().attach(dev.port());
            if (events.enabled()) {
                events.emit(new IommufdEvents.DeviceAttached(dev.port().deviceId(), hwptId));
            }
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("VFIO_DEVICE_ATTACH_IOMMUFD_PT", e, "dev_id=%d pt_id=%d", devId, hwptId);
            }
            throw e;
        }
    }

    /** VFIO_DEVICE_DETACH_IOMMUFD_PT. */
    public void detach(int devId) {
        try {
            BoundDevice dev = device(devId);
            IommuDomain d = dev.port().domain();
            if (d == null) {
                throw new ErrnoException(Errno.EINVAL, "device " + dev.port().deviceId() + " is not attached");
            }
            d.detach(dev.port());
            if (events.enabled()) {
                events.emit(new IommufdEvents.DeviceDetached(dev.port().deviceId(), d.id()));
            }
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("VFIO_DEVICE_DETACH_IOMMUFD_PT", e, "dev_id=%d", devId);
            }
            throw e;
        }
    }

    /**
     * IOMMU_GET_HW_INFO: bit 0 of out_capabilities is set iff the device's IOMMU answers IOMMU_CAP_DIRTY_TRACKING
     * (iommufd_get_hw_info in drivers/iommu/iommufd/device.c).
     */
    public HwInfo getHwInfo(int devId) {
        BoundDevice dev;
        try {
            dev = device(devId);
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("IOMMU_GET_HW_INFO", e, "dev_id=%d", devId);
            }
            throw e;
        }
        IommuUnit unit = dev.port().unit();
        long caps = unit.dirtyTrackingCapable() ? HwInfo.IOMMU_HW_CAP_DIRTY_TRACKING : 0;
        if (events.enabled()) {
            events.emit(new IommufdEvents.HwInfoRead(dev.port().deviceId(), unit.id(), unit.model().key(), caps));
        }
        return new HwInfo(devId, unit.model().key(), caps, unit.capabilities());
    }

    // ---- IOMMU_HWPT_SET_DIRTY_TRACKING / IOMMU_HWPT_GET_DIRTY_BITMAP

    /**
     * Every enable, a repeated one too, wipes the Dirty bits of every mapped area first (read-and-clear with no
     * bitmap, one IOTLB sync), then calls the driver; disable does not clear. Repeating the current state succeeds
     * (iopt_set_dirty_tracking in drivers/iommu/iommufd/io_pagetable.c).
     */
    public void setDirtyTracking(int hwptId, int flags) {
        try {
            applyDirtyTracking(hwptId, flags);
        } catch (ErrnoException e) {
            if (events.enabled()) {
                refused("IOMMU_HWPT_SET_DIRTY_TRACKING", e, "hwpt_id=%d flags=0x%x", hwptId, flags);
            }
            throw e;
        }
        if (events.enabled()) {
            events.emit(new IommufdEvents.DirtyTrackingSet(hwptId, (flags & HWPT_DIRTY_TRACKING_ENABLE) != 0));
        }
    }

    private void applyDirtyTracking(int hwptId, int flags) {
        if ((flags & ~HWPT_DIRTY_TRACKING_ENABLE) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, String.format("unknown SET_DIRTY_TRACKING flags 0x%x",
                    flags));
        }
        Hwpt hwpt = hwpt(hwptId);
        IommuDomain d = hwpt.domain();
        if (!d.hasDirtyOps()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "HWPT " + hwptId + " was not allocated with "
                    + "IOMMU_HWPT_ALLOC_DIRTY_TRACKING");
        }
        boolean enable = (flags & HWPT_DIRTY_TRACKING_ENABLE) != 0;
        if (enable) {
            // Also when tracking is already on: iopt_set_dirty_tracking() clears before asking the driver, which
            // returns early only afterwards.
            d.readAndClearDirty(ranges(hwpt.ioas().areas()), 0, null);
        }
        d.setDirtyTracking(enable);
    }

    /** GET_DIRTY_BITMAP into a fresh, zeroed bitmap. */
    public IovaBitmap getDirtyBitmap(int hwptId, long iova, long length, long pageSize, int flags) {
        checkDirtyBitmapArgs(hwptId, iova, length, pageSize, flags);
        IovaBitmap bitmap = new IovaBitmap(iova, length, pageSize);
        getDirtyBitmap(hwptId, iova, length, pageSize, flags, bitmap);
        return bitmap;
    }

    /**
     * IOMMU_HWPT_GET_DIRTY_BITMAP: records every dirty leaf in the range as a whole into {@code bitmap} (bits are
     * only set, never cleared, so several HWPTs can be ORed into one bitmap as QEMU does), and unless NO_CLEAR cleans
     * them and flushes the IOTLB. Checks in the kernel's order (reference §1.5).
     */
    public void getDirtyBitmap(int hwptId, long iova, long length, long pageSize, int flags, IovaBitmap bitmap) {
        Hwpt hwpt = checkDirtyBitmapArgs(hwptId, iova, length, pageSize, flags);
        if (!hwpt.domain().dirtyTrackingEnabled()) {
            // AMD, VT-d and the mock refuse read_and_clear_dirty while tracking is off (reference §1.5), but
            // iommu_read_and_clear_dirty() ignores the driver's return value: the ioctl succeeds with no bits.
            if (events.enabled()) {
                events.emit(new DirtyReadSwallowed(hwptId, iova, length, Errno.EINVAL.name(), String.format(
                        "GET_DIRTY_BITMAP on HWPT %d (0x%x+0x%x): dirty tracking is off, the %s driver refused"
                        + " the read with EINVAL; upstream iommu_read_and_clear_dirty() swallows that error, so"
                        + " the ioctl succeeds with no bits", hwptId, iova, length, hwpt.domain().model().key())));
            }
            return;
        }
        long last = iova + length - 1; // checked not to pass 2^64; compared unsigned below
        List<long[]> ranges = new ArrayList<>();
        for (IoasArea a : hwpt.ioas().areasMeeting(iova, last)) {
            long s = IovaMath.maxu(a.iova(), iova);
            long l = IovaMath.minu(a.last(), last);
            // Mutation note (issue 16): "l - s - 1" survives as equivalent: a range two bytes short still meets its
            // last leaf, because s and l + 1 are aligned to the IOAS alignment, at least the 2 KiB mock granule.
            ranges.add(new long[] {s, l - s + 1});
        }
        hwpt.domain().readAndClearDirty(ranges, (flags & HWPT_GET_DIRTY_BITMAP_NO_CLEAR) != 0
                ? DirtyFlags.NO_CLEAR : 0, bitmap::set);
    }

    private Hwpt checkDirtyBitmapArgs(int hwptId, long iova, long length, long pageSize, int flags) {
        if ((flags & ~HWPT_GET_DIRTY_BITMAP_NO_CLEAR) != 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, String.format("unknown GET_DIRTY_BITMAP flags 0x%x", flags));
        }
        Hwpt hwpt = hwpt(hwptId);
        IovaMath.checkLastIova(iova, length);
        long alignment = iovaAlignment(hwpt.ioas());
        // iommufd_check_iova_range(): mask tests, as the kernel writes them (page_size need not be a power of two;
        // iova_bitmap_alloc() then counts in units of its lowest set bit). Mutation note (issue 16): "iova - length"
        // for "iova + length" survives as equivalent: once iova is aligned, both are aligned exactly when length is.
        if (!IovaMath.isAligned(iova, alignment) || !IovaMath.isAligned(iova + length, alignment)) {
            throw new ErrnoException(Errno.EINVAL, String.format("IOVA 0x%x or end 0x%x is not aligned to the IOAS "
                    + "alignment 0x%x", iova, iova + length, alignment));
        }
        if (pageSize == 0) {
            throw new ErrnoException(Errno.EINVAL, "page_size is 0");
        }
        if (!IovaMath.isAligned(iova, pageSize) || !IovaMath.isAligned(iova + length, pageSize)) {
            throw new ErrnoException(Errno.EINVAL, String.format("IOVA 0x%x or end 0x%x is not aligned to page_size "
                    + "0x%x", iova, iova + length, pageSize));
        }
        IommuDomain d = hwpt.domain();
        if (!d.hasDirtyOps()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "HWPT " + hwptId + " has no dirty ops (allocated without "
                    + "IOMMU_HWPT_ALLOC_DIRTY_TRACKING)");
        }
        return hwpt;
    }

    // ---- lookups and helpers

    public Ioas ioas(int id) {
        if (objects.get(id) instanceof Ioas ioas) {
            return ioas;
        }
        throw new ErrnoException(Errno.ENOENT, "no IOAS with id " + id);
    }

    public Hwpt hwpt(int id) {
        if (objects.get(id) instanceof Hwpt h) {
            return h;
        }
        throw new ErrnoException(Errno.ENOENT, "no paging HWPT with id " + id);
    }

    public BoundDevice device(int id) {
        if (objects.get(id) instanceof BoundDevice d) {
            return d;
        }
        throw new ErrnoException(Errno.ENOENT, "no bound device with id " + id);
    }

    /**
     * The HWPT whose page table IOMMU_HWPT_ALLOC is filling right now (an observer paused inside its events sees it),
     * or empty; it is not among {@link #hwpts()} until the allocation is done.
     */
    public java.util.Optional<Hwpt> hwptBeingAllocated() {
        return java.util.Optional.ofNullable(allocating);
    }

    public List<Hwpt> hwpts() {
        List<Hwpt> out = new ArrayList<>();
        for (Object o : objects.values()) {
            if (o instanceof Hwpt h) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * {@code idev->enforce_cache_coherency}: IOMMU_CAP_ENFORCE_CACHE_COHERENCY of the device's IOMMU. Modelled for
     * VT-d (ECAP.SC), the one driver whose domains keep state for it.
     */
    private static boolean enforcesCacheCoherency(IommuUnit unit) {
        return unit.vtdSnoopControl();
    }

    /** Page sizes a mapping in this IOAS may use in a domain: the format's, no larger than backing and option. */
    public long allowedPageSizes(Ioas ioas, PageTableFormat format) {
        long limit = ioas.hugePages() ? backingPageSize : Math.max(HOST_PAGE_SIZE, format.granule());
        long mask = limit | (limit - 1);
        return format.supportedPageSizes() & mask;
    }

    private void mapInto(Hwpt h, Ioas ioas, IoasArea a) {
        h.domain().map(a.iova(), a.physAddr(), a.length(), a.prot(), allowedPageSizes(ioas,
                h.domain().format()));
    }

    /**
     * {@code iopt_calculate_iova_alignment}: 1 while the IOAS has no domain (PAGE_SIZE with huge pages off), raised to
     * every domain's smallest page size.
     */
    private static long iovaAlignment(Ioas ioas) {
        long a = ioas.hugePages() ? 1 : HOST_PAGE_SIZE;
        for (Hwpt h : ioas.hwpts()) {
            a = Math.max(a, h.domain().format().granule());
        }
        return a;
    }

    /** {@code iopt_check_iova_alignment}: every existing mapping must conform to a raised alignment. */
    private static void checkAreasAligned(Ioas ioas, long alignment) {
        for (IoasArea a : ioas.areas()) {
            if (!IovaMath.isAligned(a.iova(), alignment) || !IovaMath.isAligned(a.length(), alignment)) {
                throw new ErrnoException(Errno.EADDRINUSE, String.format("IOAS %d's mapping 0x%x..0x%x is not"
                        + " aligned to the new IOVA alignment 0x%x (iopt_check_iova_alignment); unmap it first",
                        ioas.id(), a.iova(), a.end() - 1, alignment));
            }
        }
    }

    /**
     * {@code iopt_alloc_iova} (drivers/iommu/iommufd/io_pagetable.c). The alignment is
     * {@code roundup_pow_of_two(length)}, lowered to the alignment of the memory's address (which keeps a huge page
     * mappable as one leaf; the host physical address stands in for the user pointer) and capped at
     * {@code HPAGE_SIZE} (2 MiB: x86-64 with transparent huge pages); below the IOAS's own alignment it is EINVAL.
     * The IOVA is the lowest hole from PAGE_SIZE on ("Does not return a 0 IOVA even if it is valid") that fits, with
     * the address's offset in its page, inside every domain's aperture (the kernel reserves the rest).
     */
    private static long allocIova(Ioas ioas, long addr, long length, long ioasAlignment) {
        if (Long.compareUnsigned(length, -1L >>> 1) >= 0) { // ULONG_MAX / 2: roundup_pow_of_two would overflow
            throw new ErrnoException(Errno.EOVERFLOW, String.format("IOAS_MAP length 0x%x is too large", length));
        }
        long align = IovaMath.roundupPowOfTwo(length);
        if (addr != 0) {
            align = Math.min(align, Long.lowestOneBit(addr)); // 1UL << __ffs64(addr)
        }
        align = Math.min(align, HPAGE_SIZE);
        if (align < ioasAlignment) {
            throw new ErrnoException(Errno.EINVAL, String.format("no IOVA can be chosen: the memory at 0x%x allows "
                    + "an alignment of 0x%x, below the IOAS alignment 0x%x (iopt_alloc_iova)", addr, align,
                    ioasAlignment));
        }
        long pageOffset = addr & (HOST_PAGE_SIZE - 1);
        long limit = -1L; // the last IOVA every domain can map
        for (Hwpt h : ioas.hwpts()) {
            limit = IovaMath.ltu(h.domain().format().maxIova(), limit) ? h.domain().format().maxIova() : limit;
        }
        long candidate = alignUp(HOST_PAGE_SIZE, align) | pageOffset;
        for (IoasArea a : ioas.areas()) {
            if (Long.compareUnsigned(candidate + length, a.iova()) <= 0) {
                break;
            }
            // ">=" here is an equivalent mutant (issue 16): an end equal to the candidate aligns to itself.
            if (Long.compareUnsigned(a.end(), candidate) > 0) {
                candidate = alignUp(a.end(), align) | pageOffset;
            }
        }
        long last = candidate + length - 1;
        if (candidate == 0 || IovaMath.ltu(last, candidate) || IovaMath.ltu(limit, last)) {
            throw new ErrnoException(Errno.ENOSPC, String.format("no free IOVA range of 0x%x bytes aligned to 0x%x "
                    + "in IOAS %d", length, align, ioas.id()));
        }
        return candidate;
    }

    /** {@code ALIGN(v, a)} for a power of two {@code a}; 0 when it wraps. */
    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    private static List<long[]> ranges(List<IoasArea> areas) {
        List<long[]> out = new ArrayList<>();
        for (IoasArea a : areas) {
            out.add(new long[] {a.iova(), a.length()});
        }
        return out;
    }
}

package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.DirtyFlags;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.Prot;
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

    private final TablePagePool pool;
    private final long backingPageSize;
    private final EventSink events;
    private final Map<Integer, Object> objects = new LinkedHashMap<>();
    private int nextId = 1;

    /**
     * @param backingPageSize largest size guest memory is physically contiguous in ({@code vm.hugepages}); no IOMMU
     *                        leaf is larger
     */
    public Iommufd(TablePagePool pool, long backingPageSize, EventSink events) {
        this.pool = pool;
        this.backingPageSize = backingPageSize;
        this.events = events;
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
        return id;
    }

    /** IOMMU_OPTION HUGE_PAGES on an IOAS (only before anything is mapped, as the kernel requires). */
    public void setHugePages(int ioasId, boolean on) {
        Ioas ioas = ioas(ioasId);
        if (!ioas.areaMap().isEmpty() && ioas.hugePages() != on) {
            throw new ErrnoException(Errno.EBUSY, "IOAS " + ioasId + " already has mappings; HUGE_PAGES can only "
                    + "change on an empty IOAS");
        }
        ioas.setHugePages(on);
    }

    /**
     * IOMMU_IOAS_MAP of {@code length} bytes of memory at {@code physAddr}. With FIXED_IOVA the mapping goes at
     * {@code iova}; without it the IOAS picks the lowest free IOVA. Returns the IOVA used.
     */
    public long ioasMap(int ioasId, long iova, long length, long physAddr, int flags) {
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
            iova = findFreeIova(ioas, length, alignment);
        }
        IovaMath.checkLastIova(iova, length);
        if (iova % alignment != 0 || length % alignment != 0) {
            throw new ErrnoException(Errno.EINVAL, String.format("IOVA 0x%x length 0x%x is not aligned to the IOAS "
                    + "alignment 0x%x (the smallest IOMMU page size in use)", iova, length, alignment));
        }
        if (!ioas.areasIn(iova, iova + length).isEmpty()) {
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
    public long ioasUnmap(int ioasId, long iova, long length) {
        Ioas ioas = ioas(ioasId);
        if (length == 0) {
            throw new ErrnoException(Errno.EINVAL, "IOAS_UNMAP length is 0");
        }
        boolean all = iova == 0 && length == -1L;
        long end = all ? -1L : iova + length;
        if (!all) {
            IovaMath.checkLastIova(iova, length);
        }
        List<IoasArea> hit = all ? ioas.areas() : ioas.areasIn(iova, end);
        for (IoasArea a : hit) {
            if (!all && (Long.compareUnsigned(a.iova(), iova) < 0 || Long.compareUnsigned(a.end(), end) > 0)) {
                throw new ErrnoException(Errno.ENOENT, String.format("mapping 0x%x..0x%x is only partly inside "
                        + "the unmap range 0x%x..0x%x; unmap never splits a mapping", a.iova(), a.end() - 1, iova,
                        end - 1));
            }
        }
        if (hit.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT, String.format("nothing is mapped in 0x%x..0x%x", iova,
                    end - 1));
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
        int id = nextId++;
        IoPageTable table = new IoPageTable(unit.format(), pool, new EventScope(unit.id(), id).over(events));
        IommuDomain domain = new IommuDomain(id, table, unit.model(), dirty);
        Hwpt hwpt = new Hwpt(id, ioas, domain, unit);
        for (IoasArea a : ioas.areas()) {
            mapInto(hwpt, ioas, a);
        }
        ioas.addHwpt(hwpt);
        objects.put(id, hwpt);
        return id;
    }

    /** Attaches a device to a paging HWPT (replacing any previous attachment). */
    public void attach(int devId, int hwptId) {
        BoundDevice dev = device(devId);
        Hwpt hwpt = hwpt(hwptId);
        hwpt.domain().attach(dev.port());
    }

    public void detach(int devId) {
        BoundDevice dev = device(devId);
        IommuDomain d = dev.port().domain();
        if (d == null) {
            throw new ErrnoException(Errno.EINVAL, "device " + dev.port().deviceId() + " is not attached");
        }
        d.detach(dev.port());
    }

    /**
     * IOMMU_GET_HW_INFO: bit 0 of out_capabilities is set iff the device's IOMMU answers IOMMU_CAP_DIRTY_TRACKING
     * (iommufd_get_hw_info in drivers/iommu/iommufd/device.c).
     */
    public HwInfo getHwInfo(int devId) {
        BoundDevice dev = device(devId);
        IommuUnit unit = dev.port().unit();
        long caps = unit.dirtyTrackingCapable() ? HwInfo.IOMMU_HW_CAP_DIRTY_TRACKING : 0;
        return new HwInfo(devId, unit.model().key(), caps, unit.capabilities());
    }

    // ---- IOMMU_HWPT_SET_DIRTY_TRACKING / IOMMU_HWPT_GET_DIRTY_BITMAP

    /**
     * Enable wipes stale Dirty bits of every mapped area first (read-and-clear with no bitmap, one IOTLB sync), then
     * calls the driver; disable does not clear. Repeating the current state succeeds (iopt_set_dirty_tracking).
     */
    public void setDirtyTracking(int hwptId, int flags) {
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
        if (enable && !d.dirtyTrackingEnabled()) {
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
        long end = iova + length;
        List<long[]> ranges = new ArrayList<>();
        for (IoasArea a : hwpt.ioas().areasIn(iova, end)) {
            long s = Math.max(a.iova(), iova);
            long e = Math.min(a.end(), end);
            ranges.add(new long[] {s, e - s});
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
        if (iova % alignment != 0 || (iova + length) % alignment != 0) {
            throw new ErrnoException(Errno.EINVAL, String.format("IOVA 0x%x or end 0x%x is not aligned to the IOAS "
                    + "alignment 0x%x", iova, iova + length, alignment));
        }
        if (pageSize == 0) {
            throw new ErrnoException(Errno.EINVAL, "page_size is 0");
        }
        if (Long.remainderUnsigned(iova, pageSize) != 0 || Long.remainderUnsigned(iova + length, pageSize) != 0) {
            throw new ErrnoException(Errno.EINVAL, String.format("IOVA 0x%x or end 0x%x is not aligned to page_size "
                    + "0x%x", iova, iova + length, pageSize));
        }
        IommuDomain d = hwpt.domain();
        if (!d.hasDirtyOps()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "HWPT " + hwptId + " has no dirty ops (allocated without "
                    + "IOMMU_HWPT_ALLOC_DIRTY_TRACKING)");
        }
        if (!d.dirtyTrackingEnabled()) {
            // io-pgtable-era AMD, Intel and the mock refuse a bitmap read while tracking is off (reference §1.5).
            throw new ErrnoException(Errno.EINVAL, "dirty tracking is not enabled on HWPT " + hwptId);
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

    public List<Hwpt> hwpts() {
        List<Hwpt> out = new ArrayList<>();
        for (Object o : objects.values()) {
            if (o instanceof Hwpt h) {
                out.add(h);
            }
        }
        return out;
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

    /** iova_alignment: every domain's smallest page size must divide IOVAs (1 while the IOAS has no domain). */
    private static long iovaAlignment(Ioas ioas) {
        long a = 1;
        for (Hwpt h : ioas.hwpts()) {
            a = Math.max(a, h.domain().format().granule());
        }
        return a;
    }

    private static long findFreeIova(Ioas ioas, long length, long alignment) {
        long align = Math.max(alignment, Long.highestOneBit(Math.min(length, 1L << 30)));
        long candidate = align; // IOVA 0 is left unused, as allocators conventionally do
        for (IoasArea a : ioas.areas()) {
            if (Long.compareUnsigned(candidate + length, a.iova()) <= 0) {
                return candidate;
            }
            if (Long.compareUnsigned(a.end(), candidate) > 0) {
                candidate = (a.end() + align - 1) & -align;
            }
        }
        return candidate;
    }

    private static List<long[]> ranges(List<IoasArea> areas) {
        List<long[]> out = new ArrayList<>();
        for (IoasArea a : areas) {
            out.add(new long[] {a.iova(), a.length()});
        }
        return out;
    }
}

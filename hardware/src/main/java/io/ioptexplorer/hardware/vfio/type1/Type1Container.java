package io.ioptexplorer.hardware.vfio.type1;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy VFIO type1 (v2) IOMMU container and its dirty-page interface, modelled on
 * {@code drivers/vfio/vfio_iommu_type1.c}: {@code vfio_dma_do_map}, {@code vfio_dma_do_unmap},
 * {@code vfio_iommu_type1_unmap_dma}, {@code vfio_iommu_type1_dirty_pages}, {@code vfio_iova_dirty_bitmap},
 * {@code update_user_bitmap}, {@code vfio_iommu_type1_pin_pages}, {@code vfio_iommu_type1_dma_rw}, and the
 * attach/detach handling of {@code num_non_pinned_groups}.
 *
 * <p>Type1 has no hardware dirty source. Each {@code vfio_dma} has a bitmap at the smallest IOMMU page size; bits
 * are set by pages pinned by emulated-IOMMU (mdev) devices and by {@code vfio_dma_rw} writes. If any attached group
 * is outside the "pinned page dirty scope" (a real passthrough device that never pinned pages), every
 * IOMMU-mapped {@code vfio_dma} is reported fully dirty on every GET_BITMAP and UNMAP-with-bitmap. After each GET
 * the per-dma bitmap is cleared and re-populated with the pages that are still pinned, so pinned pages are reported
 * again on every GET while they stay pinned.
 *
 * <p>Not modelled: the v1 interface and EACCES for it, vaddrs and pinning of user memory (RLIMIT_MEMLOCK, ENOMEM),
 * the {@code dma_entry_limit} (ENOSPC), the IOVA aperture and reserved regions, EPERM for read-only mappings
 * (every mapping here is read/write), EFAULT. The user bitmap of type1 is u64-granular ({@code copy_to_user} of
 * whole words); the result here is the same bits in the byte-wise {@link IovaBitmap} layout.
 */
public final class Type1Container {

    /** {@code VFIO_IOMMU_DIRTY_PAGES_FLAG_START}. */
    public static final int DIRTY_PAGES_FLAG_START = 1 << 0;
    /** {@code VFIO_IOMMU_DIRTY_PAGES_FLAG_STOP}. */
    public static final int DIRTY_PAGES_FLAG_STOP = 1 << 1;
    /** {@code VFIO_IOMMU_DIRTY_PAGES_FLAG_GET_BITMAP}. */
    public static final int DIRTY_PAGES_FLAG_GET_BITMAP = 1 << 2;

    /** {@code VFIO_DMA_UNMAP_FLAG_GET_DIRTY_BITMAP}. */
    public static final int UNMAP_FLAG_GET_DIRTY_BITMAP = 1 << 0;
    /** {@code VFIO_DMA_UNMAP_FLAG_ALL}. */
    public static final int UNMAP_FLAG_ALL = 1 << 1;
    /** {@code VFIO_DMA_UNMAP_FLAG_VADDR}. */
    public static final int UNMAP_FLAG_VADDR = 1 << 2;

    /** {@code DIRTY_BITMAP_PAGES_MAX = INT_MAX}: 8 TiB per vfio_dma at 4 KiB. */
    public static final long DIRTY_BITMAP_PAGES_MAX = Integer.MAX_VALUE;
    /** {@code DIRTY_BITMAP_SIZE_MAX = DIRTY_BITMAP_BYTES(DIRTY_BITMAP_PAGES_MAX)}. */
    public static final long DIRTY_BITMAP_SIZE_MAX = dirtyBitmapBytes(DIRTY_BITMAP_PAGES_MAX);

    /** Kernel PAGE_SIZE used by pin_pages ({@code user_iova + PAGE_SIZE * i}). */
    public static final long PAGE_SIZE = 4096;

    /** {@code VFIO_PIN_PAGES_MAX_ENTRIES = PAGE_SIZE / sizeof(unsigned long)}. */
    public static final int PIN_PAGES_MAX_ENTRIES = (int) (PAGE_SIZE / 8);

    /** How a group is attached. */
    public enum GroupType {
        /** A real device behind the IOMMU ({@code VFIO_IOMMU}): starts outside the pinned-page dirty scope. */
        IOMMU,
        /** An emulated-IOMMU (mdev) device ({@code VFIO_EMULATED_IOMMU}): always in the pinned-page scope. */
        EMULATED_IOMMU
    }

    /** Result of UNMAP_DMA: bytes unmapped and, when asked for, the dirty bitmap of the unmapped range. */
    public record UnmapResult(long unmapped, IovaBitmap bitmap) {
    }

    private static final class Dma {
        final long iova;
        final long size;
        boolean iommuMapped;
        boolean vaddrInvalid;
        BitSet bitmap;
        final TreeMap<Long, Integer> pfnList = new TreeMap<>(Long::compareUnsigned);

        Dma(long iova, long size) {
            this.iova = iova;
            this.size = size;
        }

        long last() {
            return iova + size - 1;
        }

        Dma copy(CopyContext ctx) {
            Dma d = new Dma(iova, size);
            d.iommuMapped = iommuMapped;
            d.vaddrInvalid = vaddrInvalid;
            d.bitmap = bitmap == null ? null : (BitSet) bitmap.clone();
            d.pfnList.putAll(pfnList);
            ctx.count(64L + (bitmap == null ? 0 : bitmap.size() / 8) + 64L * pfnList.size());
            return d;
        }
    }

    private static final class Group {
        final GroupType type;
        boolean pinnedPageDirtyScope;

        Group(GroupType type) {
            this.type = type;
        }

        Group copy() {
            Group g = new Group(type);
            g.pinnedPageDirtyScope = pinnedPageDirtyScope;
            return g;
        }
    }

    private final long pgsize;
    private final int pgshift;
    private final EventSink events;
    private final TreeMap<Long, Dma> dmaList = new TreeMap<>(Long::compareUnsigned);
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private int numNonPinnedGroups;
    private int vaddrInvalidCount;
    private boolean dirtyPageTracking;

    /**
     * @param smallestIommuPageSize {@code 1 << __ffs(iommu->pgsize_bitmap)}: a power of two, at least 4 KiB (type1
     *        hides sub-PAGE_SIZE sizes)
     */
    public Type1Container(long smallestIommuPageSize, EventSink events) {
        if (!IovaMath.isPowerOfTwo(smallestIommuPageSize) || smallestIommuPageSize < PAGE_SIZE) {
            throw new IllegalArgumentException("smallest IOMMU page size must be a power of two >= 4 KiB");
        }
        this.pgsize = smallestIommuPageSize;
        this.pgshift = IovaMath.ffs(smallestIommuPageSize);
        this.events = events == null ? EventSink.NONE : events;
    }

    /** A container whose IOMMU's smallest page is 4 KiB. */
    private Type1Container(Type1Container o, CopyContext ctx) {
        this.pgsize = o.pgsize;
        this.pgshift = o.pgshift;
        this.events = ctx.sink(o.events);
        o.dmaList.forEach((iova, d) -> dmaList.put(iova, d.copy(ctx)));
        o.groups.forEach((name, g) -> groups.put(name, g.copy()));
        this.numNonPinnedGroups = o.numNonPinnedGroups;
        this.vaddrInvalidCount = o.vaddrInvalidCount;
        this.dirtyPageTracking = o.dirtyPageTracking;
    }

    /** A container in the same state: its DMA mappings (bitmaps and pinned pages) and groups copied. */
    public Type1Container copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Type1Container(this, c));
    }

    public Type1Container(EventSink events) {
        this(PAGE_SIZE, events);
    }

    /** {@code DIRTY_BITMAP_BYTES(n) = ALIGN(n, 64) / 8}. */
    public static long dirtyBitmapBytes(long npages) {
        return ((npages + 63) & ~63L) / 8;
    }

    public long pgsize() {
        return pgsize;
    }

    public boolean isDirtyTracking() {
        return dirtyPageTracking;
    }

    public int numNonPinnedGroups() {
        return numNonPinnedGroups;
    }

    /** Whether {@code group} is in the pinned-page dirty scope; null when not attached. */
    public Boolean isPinnedPageDirtyScope(String group) {
        Group g = groups.get(group);
        return g == null ? null : g.pinnedPageDirtyScope;
    }

    /** The current vfio_dma mappings in ascending order. */
    public List<IovaRange> mappings() {
        List<IovaRange> out = new ArrayList<>();
        for (Dma d : dmaList.values()) {
            out.add(new IovaRange(d.iova, d.size));
        }
        return out;
    }

    /** Number of distinct pinned pages (vfio_pfn entries) over all mappings. */
    public long pinnedPageCount() {
        long n = 0;
        for (Dma d : dmaList.values()) {
            n += d.pfnList.size();
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------- groups

    /**
     * {@code vfio_iommu_type1_attach_group}. An IOMMU group adds a domain (existing mappings are replayed into it
     * and become IOMMU-mapped) and increments {@code num_non_pinned_groups}; an emulated group only joins the
     * pinned-page scope.
     *
     * @throws ErrnoException EINVAL the group is already attached
     */
    public void attachGroup(String group, GroupType type) {
        guard("ATTACH_GROUP", () -> {
            if (groups.containsKey(group)) {
                throw new ErrnoException(Errno.EINVAL, "group " + group + " already attached");
            }
            Group g = new Group(type);
            if (type == GroupType.EMULATED_IOMMU) {
                g.pinnedPageDirtyScope = true;
            } else {
                for (Dma d : dmaList.values()) {
                    d.iommuMapped = true; // vfio_iommu_replay
                }
                numNonPinnedGroups++;
            }
            groups.put(group, g);
            emitGroup(group, type, true);
        });
    }

    /**
     * {@code vfio_iommu_type1_detach_group}. When the last IOMMU group leaves, mappings are unmapped from the IOMMU
     * (no longer IOMMU-mapped); if no emulated group remains either, every mapping is removed, as it is when the last
     * emulated group leaves a container without IOMMU groups. Removing a group that
     * was outside the pinned-page scope decrements {@code num_non_pinned_groups} and, while tracking, marks every
     * mapping fully dirty ({@code vfio_iommu_populate_bitmap_full}): the departing device may have written anywhere.
     */
    public void detachGroup(String group) {
        Group g = groups.remove(group);
        if (g == null) {
            throw new IllegalArgumentException("group " + group + " is not attached");
        }
        if (g.type == GroupType.IOMMU) {
            // Mutation note (issue 16): making either anyMatch below always true is equivalent: with no IOMMU group
            // left, num_non_pinned_groups is 0 so iommuMapped is never read, and an empty group map matches nothing.
            boolean anyIommu = groups.values().stream().anyMatch(x -> x.type == GroupType.IOMMU);
            if (!anyIommu) {
                boolean anyEmulated = groups.values().stream().anyMatch(x -> x.type == GroupType.EMULATED_IOMMU);
                if (!anyEmulated) {
                    dmaList.clear(); // vfio_iommu_unmap_unpin_all
                } else {
                    for (Dma d : dmaList.values()) {
                        d.iommuMapped = false; // vfio_iommu_unmap_unpin_reaccount
                    }
                }
            }
            if (!g.pinnedPageDirtyScope) {
                numNonPinnedGroups--;
                if (dirtyPageTracking) {
                    for (Dma d : dmaList.values()) {
                        d.bitmap.set(0, (int) (d.size >>> pgshift));
                    }
                }
            }
        } else if (groups.isEmpty()) {
            dmaList.clear(); // the last emulated group left a container without domains: vfio_iommu_unmap_unpin_all
        }
        emitGroup(group, g.type, false);
    }

    private void emitGroup(String group, GroupType type, boolean attached) {
        if (events.enabled()) {
            events.emit(new Type1Events.GroupChanged(group, type, attached, numNonPinnedGroups));
        }
    }

    // ---------------------------------------------------------------------------------------------- map / unmap

    /**
     * VFIO_IOMMU_MAP_DMA (read/write) of {@code [iova, iova + size)}.
     *
     * @throws ErrnoException EINVAL size 0 or iova/size not aligned to the smallest IOMMU page, EINVAL wrap, EEXIST
     *         overlap with an existing mapping, EINVAL when tracking and the mapping needs more than INT_MAX bits
     */
    public void map(long iova, long size) {
        guard("MAP_DMA", () -> {
            if (size == 0 || ((size | iova) & (pgsize - 1)) != 0) {
                throw new ErrnoException(Errno.EINVAL, "size 0 or iova/size not aligned to " + pgsize);
            }
            if (IovaMath.ltu(iova + size - 1, iova)) {
                throw new ErrnoException(Errno.EINVAL, "iova range wraps");
            }
            if (findDma(iova, size) != null) {
                throw new ErrnoException(Errno.EEXIST, "overlaps an existing mapping");
            }
            Dma d = new Dma(iova, size);
            d.iommuMapped = groups.values().stream().anyMatch(x -> x.type == GroupType.IOMMU);
            if (dirtyPageTracking) {
                allocBitmap(d); // on failure the kernel removes the new dma again
            }
            dmaList.put(iova, d);
            if (events.enabled()) {
                events.emit(new Type1Events.Mapped(iova, size, d.iommuMapped));
            }
        });
    }

    /** VFIO_IOMMU_UNMAP_DMA without flags; returns the bytes unmapped. */
    public long unmap(long iova, long size) {
        return unmap(iova, size, 0, 0).unmapped();
    }

    /**
     * VFIO_IOMMU_UNMAP_DMA, optionally with GET_DIRTY_BITMAP.
     *
     * @param getDirtyBitmap request the dirty bitmap of the unmapped range at the smallest IOMMU page size
     */
    public UnmapResult unmap(long iova, long size, boolean getDirtyBitmap) {
        return getDirtyBitmap ? unmap(iova, size, UNMAP_FLAG_GET_DIRTY_BITMAP, pgsize) : unmap(iova, size, 0, 0);
    }

    /**
     * VFIO_IOMMU_UNMAP_DMA with explicit flags. Checks, in the kernel's order: unknown flags → EINVAL;
     * GET_DIRTY_BITMAP with ALL or VADDR → EINVAL; GET_DIRTY_BITMAP with a bad bitmap size
     * ({@code verify_bitmap_size}) → EINVAL; VADDR while an emulated group is attached → EBUSY; iova not aligned →
     * EINVAL; ALL with non-zero iova or size → EINVAL; size 0, unaligned or wrapping → EINVAL; GET_DIRTY_BITMAP
     * while not tracking or with another page size → EINVAL; a mapping bisected at either end → EINVAL.
     *
     * @param bitmapPgsize {@code vfio_bitmap.pgsize}, used only with GET_DIRTY_BITMAP
     */
    public UnmapResult unmap(long iova, long size, int flags, long bitmapPgsize) {
        return guard("UNMAP_DMA", () -> doUnmap(iova, size, flags, bitmapPgsize));
    }

    private UnmapResult doUnmap(long iova, long size, int flags, long bitmapPgsize) {
        int mask = UNMAP_FLAG_GET_DIRTY_BITMAP | UNMAP_FLAG_ALL | UNMAP_FLAG_VADDR;
        if ((flags & ~mask) != 0) {
            throw new ErrnoException(Errno.EINVAL, "unknown unmap flags 0x" + Integer.toHexString(flags));
        }
        boolean getBitmap = (flags & UNMAP_FLAG_GET_DIRTY_BITMAP) != 0;
        boolean all = (flags & UNMAP_FLAG_ALL) != 0;
        boolean vaddr = (flags & UNMAP_FLAG_VADDR) != 0;
        if (getBitmap && (all || vaddr)) {
            throw new ErrnoException(Errno.EINVAL, "GET_DIRTY_BITMAP cannot be combined with ALL or VADDR");
        }
        if (getBitmap) {
            verifyBitmapSize(size, bitmapPgsize);
        }
        if (vaddr && groups.values().stream().anyMatch(g -> g.type == GroupType.EMULATED_IOMMU)) {
            throw new ErrnoException(Errno.EBUSY, "cannot update vaddr while an emulated IOMMU group is attached");
        }
        if ((iova & (pgsize - 1)) != 0) {
            throw new ErrnoException(Errno.EINVAL, "iova not aligned to " + pgsize);
        }
        long effSize = size;
        if (all) {
            if (iova != 0 || size != 0) {
                throw new ErrnoException(Errno.EINVAL, "UNMAP_ALL needs iova 0 and size 0");
            }
            effSize = -1L; // U64_MAX
        } else if (size == 0 || (size & (pgsize - 1)) != 0 || IovaMath.ltu(iova + size - 1, iova)) {
            throw new ErrnoException(Errno.EINVAL, "size 0, not aligned, or wrapping");
        }
        if (getBitmap && (!dirtyPageTracking || bitmapPgsize != pgsize)) {
            throw new ErrnoException(Errno.EINVAL, dirtyPageTracking
                    ? "bitmap pgsize " + bitmapPgsize + " is not the smallest IOMMU page size " + pgsize
                    : "dirty page tracking is not started");
        }
        if (!all) {
            checkNotBisected(iova, effSize);
        }
        IovaBitmap bitmap = getBitmap ? new IovaBitmap(iova, size, pgsize) : null;
        long unmapped = 0;
        long end = iova + effSize; // exclusive; U64_MAX for ALL, as in the kernel
        List<Dma> touched = new ArrayList<>();
        for (Dma d : new ArrayList<>(dmaList.tailMap(firstKeyOverlapping(iova), true).values())) {
            if (IovaMath.leu(end, d.iova)) {
                break;
            }
            if (vaddr) {
                if (d.vaddrInvalid) {
                    for (Dma t : touched) {
                        t.vaddrInvalid = false;
                        vaddrInvalidCount--;
                    }
                    throw new ErrnoException(Errno.EINVAL, "vaddr of " + IovaMath.hex(d.iova) + " already invalid");
                }
                d.vaddrInvalid = true;
                vaddrInvalidCount++;
                touched.add(d);
                unmapped += d.size;
                continue;
            }
            // vfio_notify_dma_unmap: emulated devices must unpin what they pinned inside the mapping (removing this
            // call is an equivalent mutant: the vfio_dma and its pins leave the list together just below)
            d.pfnList.clear();
            if (bitmap != null) {
                updateUserBitmap(bitmap, d, iova);
            }
            unmapped += d.size;
            dmaList.remove(d.iova);
            if (d.vaddrInvalid) {
                vaddrInvalidCount--;
            }
        }
        if (events.enabled()) {
            events.emit(new Type1Events.Unmapped(iova, size, unmapped, bitmap == null ? -1 : bitmap.cardinality()));
        }
        return new UnmapResult(unmapped, bitmap);
    }

    private long firstKeyOverlapping(long iova) {
        Map.Entry<Long, Dma> below = dmaList.floorEntry(iova);
        if (below != null && IovaMath.leu(iova, below.getValue().last())) {
            return below.getKey();
        }
        return iova;
    }

    // ---------------------------------------------------------------------------------------------- dirty pages

    /**
     * VFIO_IOMMU_DIRTY_PAGES with START or STOP. Both are idempotent.
     *
     * @throws ErrnoException EINVAL unknown flags or not exactly one flag; EINVAL for GET_BITMAP here (use
     *         {@link #getDirtyBitmap}); EINVAL when a mapping needs more than INT_MAX bits
     */
    public void dirtyPages(int flags) {
        guard("DIRTY_PAGES", () -> {
            checkDirtyFlags(flags);
            if ((flags & DIRTY_PAGES_FLAG_GET_BITMAP) != 0) {
                throw new ErrnoException(Errno.EINVAL, "GET_BITMAP needs a range");
            }
            if ((flags & DIRTY_PAGES_FLAG_START) != 0) {
                if (!dirtyPageTracking) {
                    List<Dma> done = new ArrayList<>();
                    try {
                        for (Dma d : dmaList.values()) {
                            allocBitmap(d);
                            done.add(d);
                            populateBitmap(d);
                        }
                    } catch (ErrnoException e) {
                        for (Dma d : done) {
                            d.bitmap = null;
                        }
                        throw e;
                    }
                    dirtyPageTracking = true;
                    emitTracking(true);
                }
            } else if (dirtyPageTracking) {
                dirtyPageTracking = false;
                for (Dma d : dmaList.values()) {
                    d.bitmap = null;
                }
                emitTracking(false);
            }
        });
    }

    /**
     * VFIO_IOMMU_DIRTY_PAGES with GET_BITMAP for {@code [iova, iova + size)} at {@code bitmapPgsize}.
     *
     * @throws ErrnoException EINVAL {@code iova + size} wraps; EINVAL bad bitmap size; EINVAL pgsize is not the
     *         smallest IOMMU page size; EINVAL iova not aligned, size 0 or not aligned; EINVAL tracking not started;
     *         EINVAL a mapping bisected at either end
     */
    public IovaBitmap getDirtyBitmap(long iova, long size, long bitmapPgsize) {
        return guard("DIRTY_PAGES", () -> {
            // Mutation note (issue 16): dropping this check is equivalent (the flag word is a constant).
            checkDirtyFlags(DIRTY_PAGES_FLAG_GET_BITMAP);
            if (IovaMath.ltu(iova + size, iova)) {
                throw new ErrnoException(Errno.EINVAL, "iova + size wraps");
            }
            verifyBitmapSize(size, bitmapPgsize);
            if (bitmapPgsize != pgsize) {
                throw new ErrnoException(Errno.EINVAL, "pgsize " + bitmapPgsize
                        + " is not the smallest supported IOMMU page size " + pgsize);
            }
            if ((iova & (pgsize - 1)) != 0) {
                throw new ErrnoException(Errno.EINVAL, "iova not aligned to " + pgsize);
            }
            if (size == 0 || (size & (pgsize - 1)) != 0) {
                throw new ErrnoException(Errno.EINVAL, "size 0 or not aligned to " + pgsize);
            }
            if (!dirtyPageTracking) {
                throw new ErrnoException(Errno.EINVAL, "dirty page tracking is not started");
            }
            checkNotBisected(iova, size);
            IovaBitmap bitmap = new IovaBitmap(iova, size, pgsize);
            long last = iova + size - 1;
            boolean allDirty = false;
            for (Dma d : dmaList.tailMap(iova, true).values()) {
                if (IovaMath.ltu(last, d.iova)) {
                    break;
                }
                allDirty |= numNonPinnedGroups > 0 && d.iommuMapped;
                updateUserBitmap(bitmap, d, iova);
                // re-populate with the pages still pinned; rw-dirtied and unpinned pages are dropped
                d.bitmap.clear();
                populateBitmap(d);
            }
            if (events.enabled()) {
                events.emit(new Type1Events.BitmapRead(iova, size, bitmap.cardinality(), allDirty));
            }
            return bitmap;
        });
    }

    private static void checkDirtyFlags(int flags) {
        int mask = DIRTY_PAGES_FLAG_START | DIRTY_PAGES_FLAG_STOP | DIRTY_PAGES_FLAG_GET_BITMAP;
        if ((flags & ~mask) != 0) {
            throw new ErrnoException(Errno.EINVAL, "unknown dirty-pages flags 0x" + Integer.toHexString(flags));
        }
        if (Integer.bitCount(flags) != 1) {
            throw new ErrnoException(Errno.EINVAL, "exactly one of START, STOP, GET_BITMAP must be set");
        }
    }

    /**
     * {@code verify_bitmap_size(size >> __ffs(pgsize), bitmap_size)} with the buffer the simulator allocates
     * ({@code DIRTY_BITMAP_BYTES(npages)}): fails for zero pages or a buffer above {@link #DIRTY_BITMAP_SIZE_MAX}. A
     * zero pgsize is refused here (the kernel would shift by {@code __ffs(0)}, which is undefined).
     */
    private static void verifyBitmapSize(long size, long bitmapPgsize) {
        if (bitmapPgsize == 0) {
            throw new ErrnoException(Errno.EINVAL, "bitmap pgsize 0");
        }
        long npages = size >>> IovaMath.ffs(bitmapPgsize);
        long bytes = dirtyBitmapBytes(npages);
        if (npages == 0 || bytes == 0 || Long.compareUnsigned(bytes, DIRTY_BITMAP_SIZE_MAX) > 0) {
            throw new ErrnoException(Errno.EINVAL, "bitmap for " + npages + " pages is empty or too large");
        }
    }

    private void checkNotBisected(long iova, long size) {
        Dma first = findDma(iova, 1);
        if (first != null && first.iova != iova) {
            throw new ErrnoException(Errno.EINVAL, "range starts inside mapping " + IovaMath.hex(first.iova));
        }
        Dma lastDma = findDma(iova + size - 1, 0);
        if (lastDma != null && lastDma.iova + lastDma.size != iova + size) {
            throw new ErrnoException(Errno.EINVAL, "range ends inside mapping " + IovaMath.hex(lastDma.iova));
        }
    }

    /**
     * {@code update_user_bitmap}: all-dirty rule, then OR the dma's bits into the user bitmap at its offset. The two
     * {@code < nbits} bounds survive mutation to {@code <=} as equivalent: no bit at or past {@code nbits} is ever set.
     */
    private void updateUserBitmap(IovaBitmap user, Dma d, long baseIova) {
        int nbits = (int) (d.size >>> pgshift);
        if (numNonPinnedGroups > 0 && d.iommuMapped) {
            d.bitmap.set(0, nbits);
        }
        for (int i = d.bitmap.nextSetBit(0); i >= 0 && i < nbits; ) {
            int j = Math.min(d.bitmap.nextClearBit(i), nbits);
            user.set(d.iova + ((long) i << pgshift), (long) (j - i) << pgshift);
            i = j < nbits ? d.bitmap.nextSetBit(j) : -1;
        }
    }

    /**
     * {@code vfio_dma_bitmap_alloc}. The kernel allocates the whole bitmap at once; a {@link BitSet} grows as bits are
     * set, so the memory held follows the pages marked (a mapping of INT_MAX pages, 8 TiB, costs nothing until its
     * pages are dirtied, which is what lets {@code Type1BitmapLimitsTest} check the bound at equality).
     */
    private void allocBitmap(Dma d) {
        long npages = d.size / pgsize;
        if (npages > DIRTY_BITMAP_PAGES_MAX) {
            throw new ErrnoException(Errno.EINVAL, "mapping of " + npages + " pages exceeds INT_MAX bitmap bits");
        }
        d.bitmap = new BitSet();
    }

    /** {@code vfio_dma_populate_bitmap}: one bit per pinned page. */
    private void populateBitmap(Dma d) {
        for (long pinnedIova : d.pfnList.keySet()) {
            d.bitmap.set((int) ((pinnedIova - d.iova) >>> pgshift));
        }
    }

    private void emitTracking(boolean on) {
        if (events.enabled()) {
            events.emit(new Type1Events.DirtyTracking(on));
        }
    }

    // ---------------------------------------------------------------------------------------------- emulated devices

    /**
     * {@code vfio_pin_pages} → {@code vfio_iommu_type1_pin_pages} for a device of {@code group}: pins
     * {@code npage} pages at {@code iova + PAGE_SIZE * i}. While tracking, each pinned page is marked dirty. A
     * group that pins pages enters the pinned-page dirty scope ({@code num_non_pinned_groups--} the first time).
     *
     * @return npage
     * @throws ErrnoException EINVAL npage 0 or a page outside every mapping (pins of this call are undone, dirty bits
     *         stay), E2BIG more than {@link #PIN_PAGES_MAX_ENTRIES}, EBUSY while a vaddr is invalid
     */
    public int pinPages(String group, long iova, int npage) {
        return guard("PIN_PAGES", () -> {
            if (npage <= 0) {
                throw new ErrnoException(Errno.EINVAL, "npage " + npage);
            }
            if (npage > PIN_PAGES_MAX_ENTRIES) {
                throw new ErrnoException(Errno.E2BIG, "npage " + npage + " > " + PIN_PAGES_MAX_ENTRIES);
            }
            Group g = groups.get(group);
            if (g == null) {
                throw new ErrnoException(Errno.EINVAL, "group " + group + " is not in this container");
            }
            if (vaddrInvalidCount != 0) {
                throw new ErrnoException(Errno.EBUSY, "vfio_pin_pages not allowed with VFIO_UPDATE_VADDR");
            }
            for (int i = 0; i < npage; i++) {
                long pageIova = iova + PAGE_SIZE * i;
                Dma d = findDma(pageIova, PAGE_SIZE);
                if (d == null) {
                    // "j <= i" is an equivalent mutant: page i is unmapped, so unpinOne ignores it
                    for (int j = 0; j < i; j++) {
                        unpinOne(iova + PAGE_SIZE * j);
                    }
                    throw new ErrnoException(Errno.EINVAL, "iova " + IovaMath.hex(pageIova) + " is not mapped");
                }
                Integer ref = d.pfnList.get(pageIova);
                d.pfnList.put(pageIova, ref == null ? 1 : ref + 1);
                if (ref == null && dirtyPageTracking) {
                    d.bitmap.set((int) ((pageIova - d.iova) >>> pgshift));
                }
            }
            if (!g.pinnedPageDirtyScope) {
                g.pinnedPageDirtyScope = true;
                numNonPinnedGroups--;
                if (events.enabled()) {
                    events.emit(new Type1Events.GroupPromoted(group, numNonPinnedGroups));
                }
            }
            return npage;
        });
    }

    /** {@code vfio_unpin_pages}: drops one reference per page; stops at the first unmapped page. */
    public void unpinPages(long iova, int npage) {
        for (int i = 0; i < npage; i++) {
            if (!unpinOne(iova + PAGE_SIZE * i)) {
                break;
            }
        }
    }

    private boolean unpinOne(long pageIova) {
        Dma d = findDma(pageIova, PAGE_SIZE);
        if (d == null) {
            return false;
        }
        Integer ref = d.pfnList.get(pageIova);
        if (ref != null) {
            if (ref == 1) {
                d.pfnList.remove(pageIova);
            } else {
                d.pfnList.put(pageIova, ref - 1);
            }
        }
        return true;
    }

    /**
     * {@code vfio_dma_rw}: an emulated device reads or writes guest memory through the container, chunk by
     * mapping. While tracking, written pages are marked dirty at the smallest IOMMU page size. A hole stops the
     * access with EINVAL after the chunks before it were done (and marked).
     */
    public void dmaRw(String group, long iova, long len, boolean write) {
        guard("DMA_RW", () -> {
            if (!groups.containsKey(group)) {
                throw new ErrnoException(Errno.EINVAL, "group " + group + " is not in this container");
            }
            long cur = iova;
            long left = len;
            while (left > 0) {
                Dma d = findDma(cur, 1);
                if (d == null) {
                    throw new ErrnoException(Errno.EINVAL, "iova " + IovaMath.hex(cur) + " is not mapped");
                }
                long offset = cur - d.iova;
                long count = Math.min(left, d.size - offset);
                if (write && dirtyPageTracking) {
                    d.bitmap.set((int) (offset >>> pgshift), (int) (((offset + count - 1) >>> pgshift) + 1));
                }
                left -= count;
                cur += count;
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** {@code vfio_find_dma(iommu, start, size)}: a mapping overlapping {@code [start, start + size)}. */
    private Dma findDma(long start, long size) {
        // the kernel compares start + size <= dma->iova and start >= dma->iova + dma->size
        Map.Entry<Long, Dma> e = dmaList.floorEntry(start);
        if (e != null && IovaMath.ltu(start, e.getValue().iova + e.getValue().size)) {
            return e.getValue();
        }
        Map.Entry<Long, Dma> next = dmaList.higherEntry(start);
        if (next != null && size != 0 && IovaMath.ltu(next.getKey(), start + size)) {
            return next.getValue();
        }
        return null;
    }

    private interface Body<T> {
        T run();
    }

    private interface VoidBody {
        void run();
    }

    private <T> T guard(String op, Body<T> body) {
        try {
            return body.run();
        } catch (ErrnoException e) {
            if (events.enabled()) {
                events.emit(new Type1Events.Refused(op, e.errno(), e.why()));
            }
            throw e;
        }
    }

    private void guard(String op, VoidBody body) {
        guard(op, () -> {
            body.run();
            return null;
        });
    }
}

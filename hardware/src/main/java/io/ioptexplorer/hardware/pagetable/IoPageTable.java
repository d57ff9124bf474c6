package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.DirtyReadDone;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.TableFreed;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import io.ioptexplorer.hardware.pagetable.events.WalkFault;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One IO page table: the generic radix walker of the kernel's {@code drivers/iommu/generic_pt/iommu_pt.h}, driven by
 * a {@link PageTableFormat} that supplies everything vendor-specific. Table pages live in a {@link TablePagePool}
 * and entries hold real next-table physical addresses.
 *
 * <p>Invariant kept by every operation: apart from the root, no table is empty. unmap frees a table as soon as its
 * last entry is cleared (generic_pt instead keeps emptied tables until a larger leaf is mapped over them, freeing
 * them then in {@code clear_contig}; freeing eagerly makes table memory in the app track what is mapped).
 *
 * <p>Not thread-safe: the simulation runs on one thread. Events are built only when the sink is enabled.
 */
public final class IoPageTable {
    final PageTableFormat fmt;
    final TablePagePool pool;
    final EventSink events;
    final long rootPa;
    final int top;
    final int bits;
    final int entries;
    final int idxMask;
    final int[] itemShift;
    /** Whether the hand-written walk and dirty loops are used (see the package-private constructor). */
    private final boolean fastPaths;
    /**
     * The top level when translatePhys takes the walk written out for 4 KiB granules and 512-entry tables, else -1
     * (another geometry, or no fast paths): one field for the DMA walk to test instead of three.
     */
    private final int fourKiBWalkTop;
    private final long maxIova;

    final long[] leafCount = new long[64];
    long tablesAllocated;
    long tablesFreed;
    long splits;
    long collapses;
    long mappedBytes;

    private final MapUnmap mapper;
    private final SplitCollapse surgery;
    private final DirtyScan dirtyScan;
    private final LeafQueries queries;

    // Scratch of the last walk, so the DMA hot path allocates nothing.
    private long wPa;
    private long wLeafIova;
    private long wLeafSize;
    private int wProt;
    private boolean wDirtyBefore;
    private boolean wDirtyAfter;
    private int wLevels;
    private FaultReason wFault;
    private boolean destroyed;
    private final PtState pointWalk;
    private final PtState readPointWalk;

    public IoPageTable(PageTableFormat format, TablePagePool pool, EventSink events) {
        this(format, pool, events, true);
    }

    /**
     * With {@code fastPaths} false, the DMA walk and read-and-clear-dirty take the generic iterator at every level
     * instead of their hand-written loops: only for the tests that hold each fast path to the generic one.
     */
    IoPageTable(PageTableFormat format, TablePagePool pool, EventSink events, boolean fastPaths) {
        this.fmt = format;
        this.pool = pool;
        this.events = events == null ? EventSink.NONE : events;
        this.top = format.levels() - 1;
        this.bits = format.bitsPerLevel();
        this.entries = format.tableEntries();
        this.idxMask = entries - 1;
        this.maxIova = format.maxIova();
        this.itemShift = new int[format.levels()];
        for (int l = 0; l <= top; l++) {
            itemShift[l] = format.itemShift(l);
        }
        this.fastPaths = fastPaths;
        this.fourKiBWalkTop = fastPaths && format.granuleShift() == 12 && bits == 9 && top <= 5 ? top : -1;
        pool.reserve(1, entries);
        this.rootPa = allocTable(top, 0);
        this.pointWalk = new PtState(this, top, true);
        this.readPointWalk = new PtState(this, top, false);
        this.mapper = new MapUnmap(this);
        this.surgery = new SplitCollapse(this);
        this.dirtyScan = new DirtyScan(this, fastPaths);
        this.queries = new LeafQueries(this);
    }

    /** The copy of {@code o}: the same tables (in the copy of its pool) and counters; the walk scratch is fresh. */
    private IoPageTable(IoPageTable o, CopyContext ctx) {
        ctx.register(o, this);
        this.fmt = o.fmt;
        this.pool = o.pool.copy(ctx);
        this.events = ctx.sink(o.events);
        this.top = o.top;
        this.bits = o.bits;
        this.entries = o.entries;
        this.idxMask = o.idxMask;
        this.maxIova = o.maxIova;
        this.itemShift = o.itemShift; // fixed by the format, never written after construction
        this.fastPaths = o.fastPaths;
        this.fourKiBWalkTop = o.fourKiBWalkTop;
        this.rootPa = o.rootPa;
        System.arraycopy(o.leafCount, 0, leafCount, 0, leafCount.length);
        this.tablesAllocated = o.tablesAllocated;
        this.tablesFreed = o.tablesFreed;
        this.splits = o.splits;
        this.collapses = o.collapses;
        this.mappedBytes = o.mappedBytes;
        this.destroyed = o.destroyed;
        this.pointWalk = new PtState(this, top, true);
        this.readPointWalk = new PtState(this, top, false);
        this.mapper = new MapUnmap(this);
        this.surgery = new SplitCollapse(this);
        this.dirtyScan = new DirtyScan(this, fastPaths);
        this.queries = new LeafQueries(this);
    }

    /**
     * A page table with the same entries and counters that the original's later writes do not reach (nor its
     * writes the original's): its table pages live in the copy of the pool, shared copy-on-write.
     */
    public IoPageTable copy(CopyContext ctx) {
        return ctx.copy(this, c -> new IoPageTable(this, c));
    }

    public PageTableFormat format() {
        return fmt;
    }

    /** Physical address of the top table (what a DTE, PASID entry, CD or STE points to). */
    public long rootAddress() {
        return rootPa;
    }

    public TablePagePool pool() {
        return pool;
    }

    /**
     * Returns every table page, the root included, to the pool (the domain is being freed). Leaves are dropped
     * without events of their own; one {@code TableFreed} per table is emitted. The table must not be used after.
     */
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            freeAll(rangeState(0, maxIova));
        }
    }

    private void freeAll(PtState s) {
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE) {
                freeAll(s.descend());
            }
        }
        freeTable(s.tablePa, s.level, s.tableIova);
    }

    // ---------------------------------------------------------------- map

    /**
     * Maps {@code [iova, iova+length)} to {@code [physAddr, ...)} with the largest leaves that the alignment of both
     * addresses, the remaining length and {@code allowedPageSizes & format().supportedPageSizes()} permit, as
     * generic_pt's map_pages does ({@code pt_compute_best_pgsize}).
     *
     * @throws ErrnoException EINVAL for a zero length, no usable page size, no permission, or addresses/length not
     *     aligned to the smallest usable page size; EOVERFLOW for a range that wraps or leaves the format's IOVA or
     *     output address width; EEXIST when any part of the range is already mapped (generic_pt returns
     *     {@code -EADDRINUSE} from {@code clear_contig}; {@link Errno} has no EADDRINUSE, and EEXIST is what
     *     io-pgtable-arm returned for the same case); ENOMEM when the table-page pool runs out. Nothing is changed
     *     when it throws.
     */
    public MapResult map(long iova, long physAddr, long length, int prot, long allowedPageSizes) {
        long last = checkRange(iova, length, "map");
        long sizes = allowedPageSizes & fmt.supportedPageSizes();
        if (sizes == 0) {
            throw new ErrnoException(Errno.EINVAL, "map: none of the allowed page sizes 0x"
                + Long.toHexString(allowedPageSizes) + " is supported by " + fmt.name());
        }
        long min = Long.lowestOneBit(sizes);
        if (((iova | physAddr | length) & (min - 1)) != 0) {
            throw new ErrnoException(Errno.EINVAL, String.format("map: iova 0x%x, physical address 0x%x and length "
                + "0x%x must be multiples of the smallest page size 0x%x", iova, physAddr, length, min));
        }
        if ((prot & (Prot.READ | Prot.WRITE)) == 0) {
            throw new ErrnoException(Errno.EINVAL, "map: a mapping needs read or write permission");
        }
        long paLast = physAddr + length - 1;
        if (Long.compareUnsigned(paLast, physAddr) < 0 || (fmt.oaBits() < 64 && (paLast >>> fmt.oaBits()) != 0)) {
            throw new ErrnoException(Errno.EOVERFLOW, String.format("map: physical range 0x%x..0x%x does not fit the "
                + "%d-bit output address of %s", physAddr, paLast, fmt.oaBits(), fmt.name()));
        }
        if (queries.anyLeaf(readState(iova, last))) {
            throw new ErrnoException(Errno.EEXIST, String.format("map: 0x%x..0x%x overlaps an existing mapping "
                + "(the kernel's map_pages fails on an occupied slot)", iova, last));
        }
        pool.reserve(tablesToMap(iova, last, physAddr, sizes), entries);
        try {
            return mapper.map(iova, physAddr, length, prot, sizes);
        } catch (ErrnoException e) {
            // Out of table pages part-way (ENOMEM): undo, as iommu_map() unmaps what it mapped. The range was free
            // before, so unmapping all of it restores the old state and frees the tables this call allocated.
            mapper.unmapLevel(rangeState(iova, last), events.enabled());
            throw e;
        }
    }

    // ---------------------------------------------------------------- unmap

    /**
     * Unmaps whole leaves in {@code [iova, iova+length)} and returns the bytes unmapped. As generic_pt: a range that
     * starts inside a leaf fails with EINVAL; one that ends inside a leaf removes the whole leaf and the return value
     * includes all of it (reference 2.3). Holes are skipped. Tables that become empty are freed at once.
     *
     * @throws ErrnoException EINVAL for a zero length, a misaligned range or one starting inside a leaf; EOVERFLOW
     *     for a range beyond the IOVA width. Nothing is changed when it throws.
     */
    public long unmap(long iova, long length) {
        long last = checkRange(iova, length, "unmap");
        long g = fmt.granule() - 1;
        if (((iova | length) & g) != 0) {
            throw new ErrnoException(Errno.EINVAL, String.format("unmap: iova 0x%x and length 0x%x must be multiples "
                + "of the 0x%x granule", iova, length, g + 1));
        }
        walk(iova, false, false, false, false); // side-effect free: finds the leaf holding iova, if any
        if (wLeafSize != 0 && wLeafIova != iova) {
            throw new ErrnoException(Errno.EINVAL, String.format("unmap: 0x%x is inside the 0x%x-byte leaf at "
                + "0x%x; unmap must start at the start of a leaf", iova, wLeafSize, wLeafIova));
        }
        return mapper.unmapLevel(rangeState(iova, last), events.enabled());
    }

    // ---------------------------------------------------------------- translate

    /** A DMA access with hardware Accessed and Dirty updates on. */
    public Translation translate(long iova, Access access) {
        return translate(iova, access, true, true);
    }

    /**
     * The hardware walk of one DMA access, level by level (one {@code WalkStep} event per entry read). A read sets
     * Accessed; a write sets Accessed and marks the leaf dirty in the format's own way (AMD: D in the one replica
     * walked; VT-d: D; Arm: clear AP[2] / set S2AP[1] when DBM; RISC-V: D). With a knob off, hardware does not
     * write that bit. A refused access is a fault result plus a {@code WalkFault} event, not an exception.
     */
    public Translation translate(long iova, Access access, boolean hwAccessUpdate, boolean hwDirtyUpdate) {
        boolean ok = walk(iova, access == Access.WRITE, hwAccessUpdate, hwDirtyUpdate, true);
        return new Translation(iova, access, !ok, wFault, ok ? wPa : 0, wLeafIova, wLeafSize, wProt,
            wDirtyBefore, wDirtyAfter, wLevels);
    }

    /**
     * The same walk as {@link #translate(long, Access)} without building a result: returns the physical address, or
     * -1 on a fault. This is the DMA hot path; it allocates nothing when the event sink is disabled.
     */
    public long translatePhys(long iova, boolean write) {
        if ((iova & ~maxIova) != 0 || events.enabled()) { // maxIova is 2^n - 1 for every format
            return walk(iova, write, true, true, true) ? wPa : -1L;
        }
        int fastTop = fourKiBWalkTop;
        if (fastTop >= 0) {
            return walk4KiB(fastTop, iova, write);
        }
        if (!fastPaths) {
            return walk(iova, write, true, true, true) ? wPa : -1L;
        }
        // The steps of walk() with locals only, for any geometry.
        long tpa = rootPa;
        int l = top;
        int shift = itemShift[top];
        for (long next; l > 0 && (next = nextTable(tpa, iova, l, shift)) >= 0; l--, shift -= bits) {
            tpa = next;
        }
        return leafAccess(fmt, pool, tpa, iova, l, shift, write);
    }

    /**
     * {@link #translatePhys} for the 4 KiB granule with 512-entry tables (all but Arm's 16/64 KiB granules and the
     * mock). As generic_pt's PT_MAKE_LEVELS does, the descent is written out level by level with constant levels
     * and shifts, entered at the top level and falling through, so the JIT emits straight-line code.
     */
    private long walk4KiB(int top, long iova, boolean write) {
        // The format and the pool travel as locals: the JIT then checks the format's class once for the whole walk
        // (it sharpens a local after the first check) and reads its fields once, not once per level.
        PageTableFormat f = fmt;
        TablePagePool p = pool;
        long tpa = rootPa;
        long next;
        int l = top;
        switch (top) {
            case 5:
                if ((next = nextTable4KiB(f, p, tpa, iova, 5, 12 + 9 * 5)) < 0) {
                    break;
                }
                tpa = next;
                l = 4;
                // fall through
            case 4:
                if ((next = nextTable4KiB(f, p, tpa, iova, 4, 12 + 9 * 4)) < 0) {
                    break;
                }
                tpa = next;
                l = 3;
                // fall through
            case 3:
                if ((next = nextTable4KiB(f, p, tpa, iova, 3, 12 + 9 * 3)) < 0) {
                    break;
                }
                tpa = next;
                l = 2;
                // fall through
            case 2:
                if ((next = nextTable4KiB(f, p, tpa, iova, 2, 12 + 9 * 2)) < 0) {
                    break;
                }
                tpa = next;
                l = 1;
                // fall through
            case 1:
                if ((next = nextTable4KiB(f, p, tpa, iova, 1, 12 + 9 * 1)) < 0) {
                    break;
                }
                tpa = next;
                l = 0;
                // fall through
            default:
                break;
        }
        return leafAccess(f, p, tpa, iova, l, 12 + 9 * l, write);
    }

    /** {@link #nextTable} with the 512 entries of a 4 KiB table as a constant. */
    private static long nextTable4KiB(PageTableFormat f, TablePagePool p, long tpa, long iova, int level, int shift) {
        return f.nextTablePa(p.entryAt(tpa + ((iova >>> (shift - 3)) & (511 << 3))), level); // index * 8, one shift
    }

    /** The next table's physical address if the entry for {@code iova} in the table at {@code tpa} is one, else -1. */
    private long nextTable(long tpa, long iova, int level, int shift) {
        return fmt.nextTablePa(pool.entryAt(tpa + (((iova >>> shift) & idxMask) << 3)), level);
    }

    /** The last step of {@link #translatePhys}: the entry at {@code level} is not a table; use it or fault. */
    private long leafAccess(PageTableFormat f, TablePagePool p, long tpa, long iova, int level, int shift,
                            boolean write) {
        long entryPa = tpa + (((iova >>> shift) & idxMask) << 3);
        long e = p.entryAt(entryPa);
        if (f.kind(e, level) == PageTableFormat.EMPTY || f.checkAccess(e, write, true) != null) {
            return -1L;
        }
        long ne = f.markAccessed(e);
        if (write) {
            ne = f.markDirty(ne);
        }
        if (ne != e) {
            p.writableMemory(entryPa)[p.offset(entryPa)] = ne; // not what was read: a checkpoint may share it
        }
        long size = 1L << (shift + f.contigShift(e, level));
        return f.leafPa(e, level) + (iova & (size - 1));
    }

    /** The kernel's {@code iova_to_phys}: the physical address, or 0 when nothing is mapped; no A/D, no events. */
    public long iovaToPhys(long iova) {
        walk(iova, false, false, false, false);
        return wLeafSize != 0 ? wPa : 0;
    }

    /**
     * Marks the leaf holding {@code iova} dirty the way the selftest's {@code IOMMU_TEST_OP_DIRTY} does through
     * generic_pt's {@code set_dirty} ({@code pt_entry_make_write_dirty} on the one entry walked).
     *
     * @throws ErrnoException ENOENT when nothing is mapped there
     */
    public boolean setDirty(long iova) {
        if (Long.compareUnsigned(iova, maxIova) <= 0) {
            for (PtState s = pointState(iova); ; s = s.descend()) {
                s.first();
                s.load();
                if (s.type == PageTableFormat.LEAF) {
                    long ne = fmt.markDirty(s.entry);
                    s.write(s.index, ne, UpdateReason.HW_DIRTY, events.enabled());
                    return fmt.isDirty(ne);
                }
                if (s.type == PageTableFormat.EMPTY) {
                    break;
                }
            }
        }
        throw new ErrnoException(Errno.ENOENT, String.format("set_dirty: nothing is mapped at 0x%x", iova));
    }

    /**
     * The hardware walk of one IOVA, as the IOMMU does it (and generic_pt's single-entry descent with
     * {@code pt_load_single_entry}): one entry per level, no range. Written out rather than through {@link PtState}
     * because it is the translate path: through the iterator, {@code translate} took 1.9x the CPU time (346-519 ns
     * against 182-282 ns per random walk over 64 GiB of 4 KiB leaves, thread CPU time, same machine and run).
     */
    private boolean walk(long iova, boolean write, boolean hwA, boolean hwD, boolean emit) {
        boolean ev = emit && events.enabled();
        wPa = 0;
        wLeafIova = 0;
        wLeafSize = 0;
        wProt = 0;
        wDirtyBefore = false;
        wDirtyAfter = false;
        wLevels = 0;
        wFault = null;
        if (Long.compareUnsigned(iova, maxIova) > 0) {
            return fault(iova, write, top, FaultReason.NOT_PRESENT, 0, ev);
        }
        long tpa = rootPa;
        for (int l = top; ; l--) {
            long[] t = pool.memory(tpa);
            int o = pool.offset(tpa);
            int i = index(iova, l);
            long e = t[o + i];
            int k = fmt.kind(e, l);
            wLevels++;
            if (ev) {
                events.emit(new WalkStep(iova, l, tpa, i, e, k));
            }
            if (k == PageTableFormat.TABLE) {
                tpa = fmt.tablePa(e);
                continue;
            }
            if (k == PageTableFormat.EMPTY) {
                return fault(iova, write, l, FaultReason.NOT_PRESENT, e, ev);
            }
            int cs = fmt.contigShift(e, l);
            long size = 1L << (itemShift[l] + cs);
            wLeafSize = size;
            wLeafIova = iova & -size;
            wProt = fmt.prot(e);
            wPa = fmt.leafPa(e, l) + (iova - wLeafIova);
            boolean dirty = cs == 0 ? fmt.isDirty(e) : groupDirty(t, o, i & -(1 << cs), 1 << cs);
            wDirtyBefore = dirty;
            wDirtyAfter = dirty;
            FaultReason r = fmt.checkAccess(e, write, hwD);
            if (r != null) {
                return fault(iova, write, l, r, e, ev);
            }
            long ne = hwA ? fmt.markAccessed(e) : e;
            if (write && hwD) {
                ne = fmt.markDirty(ne);
            }
            if (ne != e) {
                pool.writableMemory(tpa)[o + i] = ne; // t may be a slab a checkpoint shares
                if (ev) {
                    boolean becameDirty = fmt.isDirty(ne) && !fmt.isDirty(e);
                    events.emit(new EntryUpdated(tpa, i, e, ne,
                        becameDirty ? UpdateReason.HW_DIRTY : UpdateReason.HW_ACCESSED, iova & -(1L << itemShift[l])));
                }
                wDirtyAfter = dirty || fmt.isDirty(ne);
            }
            return true;
        }
    }

    private boolean fault(long iova, boolean write, int level, FaultReason r, long e, boolean ev) {
        wFault = r;
        if (ev) {
            events.emit(new WalkFault(iova, write ? Access.WRITE : Access.READ, level, r, e));
        }
        return false;
    }

    // ---------------------------------------------------------------- dirty

    /**
     * generic_pt's {@code read_and_clear_dirty}: walks {@code [iova, iova+length)}, calls {@code recorder} once per
     * dirty leaf with the <em>whole</em> leaf (a dirty 2 MiB leaf is 512 dirty 4 KiB pages; a replicated AMD leaf
     * is dirty when any replica is), and unless {@link DirtyFlags#NO_CLEAR} cleans it (every replica) and adds it
     * to the returned gather for one IOTLB invalidation. The kernel clips a replicated leaf's recorded length to
     * the walked range; this simulator records the whole leaf (difference unverified). Works on every format; use
     * {@link PageTableFormat#upstreamDirtyOps()} to refuse it (EOPNOTSUPP) where Linux has no dirty ops.
     */
    public DirtyGather readAndClearDirty(long iova, long length, int flags, DirtyRecorder recorder) {
        long last = checkRange(iova, length, "read_and_clear_dirty");
        boolean ev = events.enabled();
        DirtyRecorder rec = recorder == null ? DirtyRecorder.NONE : recorder;
        DirtyGather g = dirtyScan.run(rangeState(iova, last), (flags & DirtyFlags.NO_CLEAR) == 0, rec, ev);
        if (ev) {
            events.emit(new DirtyReadDone(iova, length, flags, dirtyScan.recorded(), g, rec.fillsBitmap()));
        }
        return g;
    }

    // ---------------------------------------------------------------- split / collapse

    /**
     * Splits every leaf that intersects {@code [iova, iova+length)} and is larger than {@code targetPageSize} into
     * leaves of that size, in place: a leaf becomes a table of smaller leaves (or, for a replicated AMD leaf,
     * smaller replicated leaves in the same table), keeping permissions, Accessed and Dirty (a dirty leaf splits
     * into dirty children). The whole leaf is split, also where it extends beyond the range.
     *
     * <p><b>Not upstream Linux:</b> generic_pt never splits a leaf; this is the in-place hugepage split proposed in
     * the mailing-list threads on dirty tracking.
     *
     * @throws ErrnoException EINVAL when {@code targetPageSize} is not one of the format's page sizes
     */
    public void split(long iova, long length, long targetPageSize) {
        long last = checkRange(iova, length, "split");
        if (Long.bitCount(targetPageSize) != 1 || (targetPageSize & fmt.supportedPageSizes()) == 0) {
            throw new ErrnoException(Errno.EINVAL, "split: 0x" + Long.toHexString(targetPageSize)
                + " is not a page size of " + fmt.name());
        }
        if (pool.canGrowFlat()) { // the estimate walks to both ends: only where the flat array may grow
            // what splits lies between the start of the leaf holding iova and the end of the one holding last
            long from = walk(iova, false, false, false, false) ? wLeafIova : iova;
            long to = walk(last, false, false, false, false) ? wLeafIova + wLeafSize - 1 : last;
            pool.reserve(tablesFor(from, to, mapper.levelOf(Long.numberOfTrailingZeros(targetPageSize))), entries);
        }
        surgery.split(rangeState(iova, last), Long.numberOfTrailingZeros(targetPageSize), events.enabled());
    }

    /**
     * Collapses, bottom-up, every table that lies wholly inside {@code [iova, iova+length)} and whose entries are
     * leaves mapping one physically contiguous, suitably aligned run with equal permissions, into one leaf of the
     * table's span (when the format allows a leaf of that size at that level). Accessed and Dirty of the new leaf
     * are the OR of the children; the table page is freed.
     *
     * <p><b>Not upstream Linux:</b> this is the in-place collapse proposed in the mailing-list threads.
     */
    public void collapse(long iova, long length) {
        long last = checkRange(iova, length, "collapse");
        surgery.collapse(rangeState(iova, last), events.enabled());
    }

    // ---------------------------------------------------------------- queries

    /** The named fields of an entry found at {@code level} (0 = smallest leaves), for the inspector. */
    public List<EntryField> decode(long entry, int level) {
        return fmt.decode(entry, level);
    }

    public PageTableStats stats() {
        Map<Long, Long> bySize = new TreeMap<>();
        for (int s = 0; s < 64; s++) {
            if (leafCount[s] != 0) {
                bySize.put(1L << s, leafCount[s]);
            }
        }
        return new PageTableStats(bySize, tablesAllocated - tablesFreed, tablesAllocated, tablesFreed, splits,
            collapses, mappedBytes);
    }

    /**
     * The raw entry at {@code level} on the walk path of {@code iova}, without side effects; 0 when the path ends
     * above that level (or the IOVA is beyond the address width). For the inspector and bit-exact tests.
     */
    public long entryAt(long iova, int level) {
        return queries.entryAt(iova, level);
    }

    /** Physical address of the table at {@code level} on the walk path of {@code iova}, or -1 if there is none. */
    public long tableAt(long iova, int level) {
        return queries.tableAt(iova, level);
    }

    /** Visits every leaf intersecting the range, once per leaf (replicas OR'ed), in IOVA order. */
    public void forEachLeaf(long iova, long length, LeafVisitor v) {
        long last = checkRange(iova, length, "forEachLeaf");
        queries.visit(readState(iova, last), v);
    }

    /**
     * Visits every entry the walk of {@code [iova, iova+length)} meets, present or not, in IOVA order, a table entry
     * before the entries of its table (the walk generic_pt's operations are built on). Read-only.
     */
    public void forEachEntry(long iova, long length, EntryVisitor v) {
        long last = checkRange(iova, length, "forEachEntry");
        queries.visitEntries(readState(iova, last), v);
    }

    /**
     * The range iterator over {@code [iova, iova+length)}, at the top table, for read-only walks of one's own
     * (generic_pt's {@code pt_make_range} + {@code pt_init_top}): iterate it with {@code first/load/next} and
     * {@code descend}. It reads the live table: use it on the thread that runs the simulation.
     */
    public PtState walkRange(long iova, long length) {
        return readState(iova, checkRange(iova, length, "walkRange"));
    }

    // ---------------------------------------------------------------- helpers shared with the operations

    /** A fresh iterator over {@code [first, last]} at the top table (a walk may call out, so each has its own). */
    PtState rangeState(long first, long last) {
        return new PtState(this, top, true).reset(rootPa, first, last);
    }

    /** The same for a walk that only reads: it copies no table page shared with a checkpoint. */
    PtState readState(long first, long last) {
        return new PtState(this, top, false).reset(rootPa, first, last);
    }

    /**
     * The iterator for a single-IOVA walk (translate, set_dirty, entryAt): one chain reused by every such walk,
     * which never calls out, so the DMA path allocates nothing.
     */
    PtState pointState(long iova) {
        return pointWalk.reset(rootPa, iova, iova);
    }

    /** The same for a single-IOVA walk that only reads (the inspector's entry and table queries). */
    PtState readPointState(long iova) {
        return readPointWalk.reset(rootPa, iova, iova);
    }


    int index(long iova, int level) {
        return (int) (iova >>> itemShift[level]) & idxMask;
    }

    /** IOVA of entry 0 of the table at {@code level} that covers {@code iova}. */
    long tableBase(long iova, int level) {
        int s = itemShift[level] + bits;
        return s >= 64 ? 0 : iova & -(1L << s);
    }

    boolean groupDirty(long[] t, int o, int g, int n) {
        for (int j = g; j < g + n; j++) {
            if (fmt.isDirty(t[o + j])) {
                return true;
            }
        }
        return false;
    }

    /** Writes slot {@code i} of table {@code tpa}, whose first IOVA is {@code iova}, with its event when enabled. */
    void write(long[] t, int o, long tpa, int i, long iova, long v, UpdateReason why, boolean ev) {
        if (t != pool.memory(tpa)) {
            // a walk that writes takes its tables with writableMemory; anything else would write a checkpoint's page
            throw new IllegalStateException("write to table 0x" + Long.toHexString(tpa) + " through a stale array");
        }
        long old = t[o + i];
        t[o + i] = v;
        if (ev && old != v) {
            events.emit(new EntryUpdated(tpa, i, old, v, why, iova));
        }
    }

    /**
     * The most tables mapping {@code [iova, last]} at {@code pa} with leaves of {@code sizes} can allocate. As
     * {@link #tablesFor}, but where a level's item size is itself allowed and the addresses agree to it, the map
     * takes leaves at least that large wherever it can (MapUnmap's largest fitting size), so only the range's two
     * partial items need a table below: the 64 GiB sample mapped in 1 GiB leaves reserves no 4 KiB tables.
     */
    private long tablesToMap(long iova, long last, long pa, long sizes) {
        long n = 0;
        for (int l = mapper.levelOf(Long.numberOfTrailingZeros(sizes)); l < top; l++) {
            long item = 1L << itemShift[l + 1];
            long touched = itemsTouched(iova, last, l + 1);
            n += (sizes & item) != 0 && ((iova ^ pa) & (item - 1)) == 0 ? Math.min(touched, 2) : touched;
        }
        return n;
    }

    /**
     * The most tables that mapping or splitting {@code [first, last]} down to leaves at {@code leafLevel} can allocate:
     * one per item of the level above that the range touches, at each level from {@code leafLevel} to the top's child.
     */
    private long tablesFor(long first, long last, int leafLevel) {
        long n = 0;
        for (int l = leafLevel; l < top; l++) {
            n += itemsTouched(first, last, l + 1);
        }
        return n;
    }

    /** How many entries of level {@code level} the range {@code [first, last]} touches. */
    private long itemsTouched(long first, long last, int level) {
        return (last >>> itemShift[level]) - (first >>> itemShift[level]) + 1;
    }

    long allocTable(int level, long iova) {
        long pa = pool.alloc(entries);
        tablesAllocated++;
        if (events.enabled()) {
            events.emit(new TableAllocated(pa, level, iova));
        }
        return pa;
    }

    void freeTable(long pa, int level, long iova) {
        pool.free(pa);
        tablesFreed++;
        if (events.enabled()) {
            events.emit(new TableFreed(pa, level, iova));
        }
    }

    /** Whether every entry of the table at {@code tpa} is zero. */
    boolean isEmptyTable(long tpa) {
        long[] t = pool.memory(tpa);
        int o = pool.offset(tpa);
        for (int i = o; i < o + entries; i++) {
            if (t[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static long umax(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    static long umin(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private long checkRange(long iova, long length, String op) {
        if (length == 0) {
            throw new ErrnoException(Errno.EINVAL, op + ": length is 0");
        }
        long last = iova + length - 1;
        if (Long.compareUnsigned(last, iova) < 0) {
            throw new ErrnoException(Errno.EOVERFLOW, String.format("%s: 0x%x + 0x%x wraps past the end of the "
                + "64-bit IOVA space", op, iova, length));
        }
        if (Long.compareUnsigned(last, maxIova) > 0) {
            throw new ErrnoException(Errno.EOVERFLOW, String.format("%s: 0x%x..0x%x is beyond the %d-bit IOVA space "
                + "of %s (last valid IOVA 0x%x)", op, iova, last, fmt.vaBits(), fmt.name(), maxIova));
        }
        return last;
    }
}

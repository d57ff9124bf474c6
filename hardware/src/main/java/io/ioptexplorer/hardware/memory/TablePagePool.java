package io.ioptexplorer.hardware.memory;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.Arrays;

/**
 * Simulated host physical memory that holds IO page-table pages. A table page occupies one 4 KiB frame (512
 * entries; 4 and 16 consecutive frames for the 2048- and 8192-entry tables of Arm's 16 KiB and 64 KiB granules) and
 * is addressed by its first physical frame number, so page-table entries hold real next-table physical addresses
 * and table memory can be counted. There is no Java object per entry, nor per table page.
 *
 * <p>Memory is a row of {@link #SLAB_FRAMES}-frame slabs, each one {@code long[]}, like physically contiguous RAM:
 * the table at frame {@code f} is the window of {@code entries} longs at {@link #offset(long)} in
 * {@link #memory(long)}. Why not one {@code long[512]} per table page, as first designed: the JVM's default
 * collector (G1) evacuates thousands of small arrays out of allocation order, and a read-and-clear-dirty scan over
 * 64 GiB of 4 KiB leaves then ran 3x slower than over the same entries in one array, because the hardware
 * prefetcher lost the stream (measured in {@code DirtyScanBenchmark}: 18 ms over separate pages against 5.6 ms
 * flat; scanning the same pages in reverse order took 9.7 ms). A slab is moved as a whole, so the table pages of
 * one mapping stay adjacent and in order, as they would in a real machine's memory.
 *
 * <p>A pool {@link #withFlatTables with flat tables} keeps its low frames, up to {@link #FLAT_MAX_BYTES}, in one flat
 * {@code long[]} indexed by physical address / 8, where a walk finds an entry with one load instead of two (the slab,
 * then the entry): {@code WriteWalkBenchmark}'s DMA write walk took about 30% less over such an array. The array
 * grows only in {@link #reserve}, which an operation calls before it allocates, while nobody holds the pool's arrays:
 * grown during an operation, it would leave the array that operation holds stale. It cannot be shared copy-on-write
 * a slab at a time, so the first {@link #copy} (a checkpoint) moves its tables into slabs, and the pool and its copies
 * then use slabs alone. Frames past the flat array's end live in slabs. Runs nobody copies (the command line)
 * use it.
 *
 * <p>Frames are handed out by a bump pointer (aligned to the table size, as hardware requires of a table address)
 * and recycled through per-size free lists, so the same sequence of calls gives the same addresses. A freed table
 * is zeroed at once; a slab with no live table left is returned to the Java heap and comes back zeroed when one of
 * its frames is used again. Frames below {@link #FIRST_FRAME} are never used: physical address 0 stays
 * recognisably "no table".
 */
public final class TablePagePool {
    public static final int FRAME_SHIFT = 12;
    public static final long FRAME_SIZE = 1L << FRAME_SHIFT;
    /** Table pages start at 1 MiB of simulated physical memory. */
    public static final int FIRST_FRAME = 256;
    /** log2 of the frames per slab: 64 frames, 256 KiB, below half a G1 region so a slab is never humongous. */
    public static final int SLAB_SHIFT = 6;
    public static final int SLAB_FRAMES = 1 << SLAB_SHIFT;
    /** log2 of the bytes per slab: a table's slab is {@code slabs()[(int) (tablePa >>> SLAB_ADDRESS_SHIFT)]}. */
    public static final int SLAB_ADDRESS_SHIFT = FRAME_SHIFT + SLAB_SHIFT;
    /** log2 of the 8-byte entries per 4 KiB frame. */
    private static final int FRAME_LONGS_SHIFT = FRAME_SHIFT - 3;
    private static final int SLAB_LONGS = SLAB_FRAMES << FRAME_LONGS_SHIFT;
    /**
     * Most table memory kept in the flat array (2^25 entries): a 64 GiB guest's 4 KiB tables (128 MiB) fit; a 1 TiB
     * guest's 2 GiB could not grow by copying beside the rest within its 4 GiB heap, so only its first 256 MiB are
     * flat.
     */
    public static final long FLAT_MAX_BYTES = 256L << 20;

    /** Whether {@link #reserve} may grow the flat array, up to this many frames; 0 without, and once copied. */
    private int flatCapFrames;
    /** Frames {@code [0, flatFrames)} live in {@link #flat}; 0 while there is none, and once the pool was copied. */
    private int flatFrames;
    /** The flat array of {@code flatFrames} frames; null while there is none. */
    private long[] flat;
    /** Tables below this physical address live in {@link #flat}: {@code flatFrames << FRAME_SHIFT} once it exists. */
    private long flatLimit;

    private long[][] slabs = new long[(FIRST_FRAME >>> SLAB_SHIFT) + 16][];
    /**
     * Slabs another pool may also hold (a checkpoint's copy, or the run resumed from it): copied before this pool
     * writes them. Null until the pool is first copied.
     */
    private boolean[] sharedSlabs;
    /** Bytes of slabs copied because they were shared: what checkpoints cost once the run has moved on. */
    private long copiedOnWrite;
    /** Live table frames per slab; a slab whose count drops to 0 is released. */
    private int[] slabLive = new int[slabs.length];
    /** Per frame: 0 when no table starts there, else 1 + log2 of the table's frames (1 = 4 KiB, 3 = 16 KiB...). */
    private byte[] tableClass = new byte[FIRST_FRAME + 1024];
    private int nextFrame = FIRST_FRAME;
    /** Free lists indexed by log2(frames per table): 0 = 4 KiB, 2 = 16 KiB, 4 = 64 KiB. */
    private final int[][] free = new int[5][];
    private final int[] freeCount = new int[5];
    private final int frameLimit;

    private long allocated;
    private long freed;
    private long liveBytes;

    public TablePagePool() {
        this(Integer.MAX_VALUE - 64);
    }

    /** A pool of at most {@code maxFrames} 4 KiB frames; allocation beyond it fails with ENOMEM. */
    public TablePagePool(int maxFrames) {
        this.frameLimit = maxFrames;
    }

    /** A pool whose tables live in one flat array as far as {@link #FLAT_MAX_BYTES} (see the class comment). */
    public static TablePagePool withFlatTables() {
        return withFlatTables(FLAT_MAX_BYTES);
    }

    /** The same with the flat array capped at {@code maxBytes} (whole slabs of 256 KiB; tests use small caps). */
    public static TablePagePool withFlatTables(long maxBytes) {
        TablePagePool p = new TablePagePool();
        p.flatCapFrames = (int) (Math.min(maxBytes, FLAT_MAX_BYTES) >>> SLAB_ADDRESS_SHIFT << SLAB_SHIFT);
        return p;
    }

    /** Whether {@link #reserve} can still grow the flat array: worth estimating what an operation will allocate. */
    public boolean canGrowFlat() {
        return flatFrames < flatCapFrames;
    }

    /**
     * Room in the flat array for {@code tables} more tables of {@code entries} entries, as far as its cap allows: an
     * operation that allocates calls this first, while it holds none of the pool's arrays (the array may be replaced
     * by a larger copy here, and only here). It at least doubles, so growing costs a copy of each table a few times.
     * Does nothing for a pool without flat tables.
     */
    public void reserve(long tables, int entries) {
        if (!canGrowFlat()) {
            return;
        }
        long need = nextFrame + (Math.min(tables, Integer.MAX_VALUE) + 1) * (entries >>> FRAME_LONGS_SHIFT);
        if (need <= flatFrames) {
            return;
        }
        long want = Math.max(need, 2L * flatFrames);
        want = Math.min(flatCapFrames, (want + SLAB_FRAMES - 1) & -SLAB_FRAMES);
        long[] grown = new long[(int) want << FRAME_LONGS_SHIFT];
        if (flat != null) {
            System.arraycopy(flat, 0, grown, 0, flat.length);
        }
        // tables allocated past the old end live in slabs: they move in
        for (int sl = flatFrames >>> SLAB_SHIFT; sl < Math.min(want >>> SLAB_SHIFT, slabs.length); sl++) {
            if (slabs[sl] != null) {
                System.arraycopy(slabs[sl], 0, grown, sl * SLAB_LONGS, SLAB_LONGS);
                slabs[sl] = null;
            }
        }
        flat = grown;
        flatFrames = (int) want;
        flatLimit = want << FRAME_SHIFT;
    }

    private TablePagePool(TablePagePool o, CopyContext ctx) {
        this.frameLimit = o.frameLimit;
        this.slabs = o.slabs.clone();
        o.sharedSlabs = new boolean[o.slabs.length];
        for (int i = 0; i < o.slabs.length; i++) {
            o.sharedSlabs[i] = o.slabs[i] != null;
        }
        this.sharedSlabs = o.sharedSlabs.clone();
        ctx.count(16 + 9L * slabs.length);
        ctx.share(8L * SLAB_LONGS * java.util.Arrays.stream(slabs).filter(java.util.Objects::nonNull).count());
        this.slabLive = ctx.copy(o.slabLive);
        this.tableClass = ctx.copy(o.tableClass);
        this.nextFrame = o.nextFrame;
        for (int c = 0; c < free.length; c++) {
            this.free[c] = ctx.copy(o.free[c]);
        }
        System.arraycopy(o.freeCount, 0, this.freeCount, 0, freeCount.length);
        this.allocated = o.allocated;
        this.freed = o.freed;
        this.liveBytes = o.liveBytes;
    }

    /**
     * A pool holding the same tables at the same addresses, sharing every slab with this one copy-on-write: the
     * first write to a shared slab, by either pool, copies that slab alone (256 KiB), so a checkpoint of 2 GiB of
     * table pages costs what the run writes afterwards, not 2 GiB.
     */
    public TablePagePool copy(CopyContext ctx) {
        unflatten();
        return ctx.copy(this, c -> new TablePagePool(this, c));
    }

    /** Moves the flat array's tables into slabs (which copies share), for good: a copy of the pool is being made. */
    private void unflatten() {
        if (flatCapFrames == 0 && flat == null) {
            return; // slabs alone already (a checkpoint's pool, which the log's replays copy from their own thread)
        }
        if (flat != null) {
            int n = Math.min(flatFrames >>> SLAB_SHIFT, slabs.length);
            for (int sl = 0; sl < n; sl++) {
                if (slabLive[sl] > 0) {
                    slabs[sl] = Arrays.copyOfRange(flat, sl * SLAB_LONGS, (sl + 1) * SLAB_LONGS);
                }
            }
            flat = null;
        }
        flatCapFrames = 0;
        flatFrames = 0;
        flatLimit = 0;
    }

    /** Bytes of shared slabs this pool copied before writing them, since it was made. */
    public long copiedOnWriteBytes() {
        return copiedOnWrite;
    }

    /**
     * Allocates a zeroed table of {@code entries} 8-byte entries (512 for a 4 KiB table, 2048 for 16 KiB, 8192 for
     * 64 KiB) and returns its physical address, aligned to the table size.
     */
    public long alloc(int entries) {
        int nframes = entries >>> FRAME_LONGS_SHIFT;
        int cls = Integer.numberOfTrailingZeros(nframes);
        if (entries <= 0 || Integer.bitCount(entries) != 1 || nframes == 0 || cls >= free.length) {
            throw new ErrnoException(Errno.EINVAL, "table of " + entries + " entries is not a supported table size");
        }
        int frame;
        if (freeCount[cls] > 0) {
            frame = free[cls][--freeCount[cls]];
        } else {
            frame = (nextFrame + nframes - 1) & -nframes;
            if ((long) frame + nframes > frameLimit) {
                throw new ErrnoException(Errno.ENOMEM, "the table-page pool has no free frame left");
            }
            nextFrame = frame + nframes;
            if (nextFrame > tableClass.length) {
                tableClass = Arrays.copyOf(tableClass, Math.max(nextFrame, tableClass.length * 2));
            }
        }
        int slab = frame >>> SLAB_SHIFT;
        if (slab >= slabs.length) {
            int n = Math.max(slab + 1, slabs.length * 2);
            slabs = Arrays.copyOf(slabs, n);
            slabLive = Arrays.copyOf(slabLive, n);
            if (sharedSlabs != null) {
                sharedSlabs = Arrays.copyOf(sharedSlabs, n);
            }
        }
        if (frame >= flatFrames && slabs[slab] == null) {
            slabs[slab] = new long[SLAB_LONGS];
            if (sharedSlabs != null) {
                sharedSlabs[slab] = false;
            }
        }
        slabLive[slab] += nframes;
        tableClass[frame] = (byte) (cls + 1);
        allocated++;
        liveBytes += (long) entries * 8;
        return (long) frame << FRAME_SHIFT;
    }

    /** Releases a table; it is zeroed now, and its frames are reused by later allocations of the same size. */
    public void free(long tablePa) {
        int frame = frameOf(tablePa);
        int cls = sizeClassAt(tablePa);
        tableClass[frame] = 0;
        int nframes = 1 << cls;
        int slab = frame >>> SLAB_SHIFT;
        if ((slabLive[slab] -= nframes) == 0 && tablePa >= flatLimit) {
            slabs[slab] = null;
        } else {
            int off = offset(tablePa);
            Arrays.fill(writableMemory(tablePa), off, off + (nframes << FRAME_LONGS_SHIFT), 0L);
        }
        if (free[cls] == null) {
            free[cls] = new int[64];
        } else if (freeCount[cls] == free[cls].length) {
            free[cls] = Arrays.copyOf(free[cls], free[cls].length * 2);
        }
        free[cls][freeCount[cls]++] = frame;
        freed++;
        liveBytes -= (long) nframes << FRAME_SHIFT;
    }

    /**
     * The memory holding the table at {@code tablePa}, to read: entry {@code i} of that table is
     * {@code memory(tablePa)[offset(tablePa) + i]}. This is the "memory read" of a page-table walk. Never write it:
     * it may be shared with a checkpoint (write through {@link #writableMemory}).
     */
    public long[] memory(long tablePa) {
        return tablePa < flatLimit ? flat : slabs[(int) (tablePa >>> SLAB_ADDRESS_SHIFT)];
    }

    /**
     * The same memory, to write: a slab shared with a copy of this pool is copied first, so the write reaches this
     * pool alone. The array is shared with the neighbouring frames of the same slab, so write only inside the
     * table's own window; and read the entries about to be written from it, not from an array taken before.
     */
    public long[] writableMemory(long tablePa) {
        if (tablePa < flatLimit) {
            return flat; // never shared: the first copy moves it into slabs
        }
        int s = (int) (tablePa >>> SLAB_ADDRESS_SHIFT);
        if (sharedSlabs != null && sharedSlabs[s]) {
            slabs[s] = slabs[s].clone();
            sharedSlabs[s] = false;
            copiedOnWrite += 8L * SLAB_LONGS;
        }
        return slabs[s];
    }

    /** Index of entry 0 of the table at {@code tablePa} within {@link #memory(long)}. */
    public int offset(long tablePa) {
        return tablePa < flatLimit ? (int) (tablePa >>> 3) : slabOffset(tablePa);
    }

    /** Index of the entry at {@code pa} within its slab (tables are frame-aligned: for entry 0, frame * 512). */
    private static int slabOffset(long pa) {
        return (int) (pa >>> 3) & (SLAB_LONGS - 1);
    }

    /**
     * The entry at physical address {@code entryPa} (a table's address plus 8 times the index): a page-table walk's
     * memory read, one load where the flat array holds it. To write, use {@link #writableMemory}.
     */
    public long entryAt(long entryPa) {
        return entryPa < flatLimit ? flat[(int) (entryPa >>> 3)]
                : slabs[(int) (entryPa >>> SLAB_ADDRESS_SHIFT)][slabOffset(entryPa)];
    }

    /**
     * The slab array itself, indexed by physical address {@code >>> SLAB_ADDRESS_SHIFT}, for a walk written by hand
     * over a pool without a flat array (WriteWalkBenchmark's references); tables in the flat array are not in it.
     * Callers must not modify it, nor write the slabs in it.
     */
    public long[][] slabs() {
        return slabs;
    }

    /** Bytes of table memory held in the flat array: 0 without one, or once the pool was copied. */
    public long flatBytes() {
        return flat == null ? 0 : (long) flat.length << 3;
    }

    /** Entry {@code index} of the table at {@code tablePa}. */
    public long read(long tablePa, int index) {
        return memory(tablePa)[offset(tablePa) + index];
    }

    /** Number of entries of the live table at {@code tablePa}. */
    public int entries(long tablePa) {
        return 1 << (sizeClassAt(tablePa) + FRAME_LONGS_SHIFT);
    }

    /** log2 of the frames of the live table at {@code tablePa}; EINVAL when no table starts there. */
    private int sizeClassAt(long tablePa) {
        int cls = tableClass[frameOf(tablePa)] - 1;
        if (cls < 0) {
            throw new ErrnoException(Errno.EINVAL, "no table page at physical address 0x" + Long.toHexString(tablePa));
        }
        return cls;
    }

    /** A copy of the entries of the live table at {@code tablePa} (for inspectors and tests). */
    public long[] copyOf(long tablePa) {
        int off = offset(tablePa);
        return Arrays.copyOfRange(memory(tablePa), off, off + entries(tablePa));
    }

    /** Whether a table page starts at this physical address. */
    public boolean isTable(long tablePa) {
        long frame = tablePa >>> FRAME_SHIFT;
        return (tablePa & (FRAME_SIZE - 1)) == 0 && frame < tableClass.length && tableClass[(int) frame] != 0;
    }

    private int frameOf(long tablePa) {
        if ((tablePa & (FRAME_SIZE - 1)) != 0 || (tablePa >>> FRAME_SHIFT) >= tableClass.length) {
            throw new ErrnoException(Errno.EINVAL, "0x" + Long.toHexString(tablePa) + " is not a table-page address");
        }
        return (int) (tablePa >>> FRAME_SHIFT);
    }

    /** Table pages allocated since the pool was created (cumulative, not reduced by {@link #free}). */
    public long allocatedPages() {
        return allocated;
    }

    /** Table pages freed since the pool was created (cumulative). */
    public long freedPages() {
        return freed;
    }

    /** Table pages currently in use: allocated minus freed. */
    public long livePages() {
        return allocated - freed;
    }

    /** Bytes of simulated memory currently held by live table pages. */
    public long liveBytes() {
        return liveBytes;
    }
}

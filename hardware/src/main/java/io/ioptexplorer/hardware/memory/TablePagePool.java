package io.ioptexplorer.hardware.memory;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.Arrays;

/**
 * Simulated host physical memory that holds IO page-table pages. A table page is one {@code long[]} (512 entries
 * for a 4 KiB table, 2048 for 16 KiB, 8192 for 64 KiB) stored under its first 4 KiB physical frame number, so page
 * table entries hold real next-table physical addresses and table memory can be counted. There is no Java object
 * per entry.
 *
 * <p>Frames are handed out by a bump pointer (aligned to the table size, as hardware requires of a table address)
 * and recycled through per-size free lists, so the same sequence of calls gives the same addresses.
 * Frames below {@link #FIRST_FRAME} are never used: physical address 0 stays recognisably "no table".
 */
public final class TablePagePool {
    public static final int FRAME_SHIFT = 12;
    public static final long FRAME_SIZE = 1L << FRAME_SHIFT;
    /** Table pages start at 1 MiB of simulated physical memory. */
    public static final int FIRST_FRAME = 256;

    private long[][] frames = new long[FIRST_FRAME + 1024][];
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

    /**
     * Allocates a zeroed table of {@code entries} 8-byte entries (512 for a 4 KiB table, 2048 for 16 KiB, 8192 for
     * 64 KiB) and returns its physical address, aligned to the table size.
     */
    public long alloc(int entries) {
        int bytes = entries * 8;
        int nframes = Math.max(1, bytes >>> FRAME_SHIFT);
        int cls = Integer.numberOfTrailingZeros(nframes);
        if (Integer.bitCount(nframes) != 1 || cls >= free.length) {
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
            if (nextFrame > frames.length) {
                frames = Arrays.copyOf(frames, Math.max(nextFrame, frames.length * 2));
            }
        }
        frames[frame] = new long[entries];
        allocated++;
        liveBytes += (long) entries * 8;
        return (long) frame << FRAME_SHIFT;
    }

    /** Releases a table; its frames are reused by later allocations of the same size. */
    public void free(long tablePa) {
        int frame = frameOf(tablePa);
        long[] t = frames[frame];
        if (t == null) {
            throw new ErrnoException(Errno.EINVAL, "no table page at physical address 0x" + Long.toHexString(tablePa));
        }
        frames[frame] = null;
        int nframes = Math.max(1, (t.length * 8) >>> FRAME_SHIFT);
        int cls = Integer.numberOfTrailingZeros(nframes);
        if (free[cls] == null) {
            free[cls] = new int[64];
        } else if (freeCount[cls] == free[cls].length) {
            free[cls] = Arrays.copyOf(free[cls], free[cls].length * 2);
        }
        free[cls][freeCount[cls]++] = frame;
        freed++;
        liveBytes -= (long) t.length * 8;
    }

    /** The table stored at a physical address; this is the "memory read" of a page-table walk. */
    public long[] table(long tablePa) {
        return frames[(int) (tablePa >>> FRAME_SHIFT)];
    }

    /**
     * The frame array itself, indexed by physical frame number, for a page-table walker's hot loop (read it once per
     * walk; it is replaced when the pool grows). Callers must not modify it.
     */
    public long[][] frames() {
        return frames;
    }

    /** Whether a table page lives at this physical address. */
    public boolean isTable(long tablePa) {
        long frame = tablePa >>> FRAME_SHIFT;
        return (tablePa & (FRAME_SIZE - 1)) == 0 && frame < frames.length && frames[(int) frame] != null;
    }

    private int frameOf(long tablePa) {
        if ((tablePa & (FRAME_SIZE - 1)) != 0 || (tablePa >>> FRAME_SHIFT) >= frames.length) {
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

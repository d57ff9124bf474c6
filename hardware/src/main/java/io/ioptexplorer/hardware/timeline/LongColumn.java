package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.memory.RegionSizedChunks;
import java.util.Arrays;

/**
 * A growable column of longs in fixed-size chunks: appending never copies what is already stored. One thread
 * appends; any thread may read below {@link #size()}, which is published after the value it covers.
 */
final class LongColumn {
    /**
     * Values per chunk of a column that grows with every event: one G1 region, so each chunk is allocated straight
     * into the old generation and young collections never copy it (issue 11's frame time: the timeline is the
     * largest thing a playing run grows).
     */
    static final int PER_EVENT_CHUNK = RegionSizedChunks.longs();
    /**
     * Values per chunk of a sparse column (a few values per step, round or time slice): 256 KiB, below half of G1's
     * smallest region, so not humongous. With 64 Ki values each such chunk was humongous under a 1 GiB heap and could
     * start a concurrent GC cycle while a run played; a small timeline should not hold a region per column either.
     */
    static final int SPARSE_CHUNK = 1 << 15;

    private final int perChunk;
    private long[][] chunks = new long[4][];
    private int lastChunk = -1;
    private int lastUsed;
    private volatile long size;

    /** A sparse column ({@link #SPARSE_CHUNK} values per chunk). */
    LongColumn() {
        this(SPARSE_CHUNK);
    }

    LongColumn(int perChunk) {
        this.perChunk = perChunk;
        this.lastUsed = perChunk; // the first add allocates the first chunk
    }

    void add(long v) {
        if (lastUsed == perChunk) {
            int c = lastChunk + 1;
            if (c == chunks.length) {
                chunks = Arrays.copyOf(chunks, c * 2);
            }
            chunks[c] = new long[perChunk];
            lastChunk = c;
            lastUsed = 0;
        }
        chunks[lastChunk][lastUsed++] = v;
        size = size + 1; // volatile write after the value: a reader that sees the size sees the value
    }

    long get(long i) {
        long n = size;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + " of " + n);
        }
        return chunks[(int) (i / perChunk)][(int) (i % perChunk)];
    }

    long size() {
        return size;
    }

    /**
     * The last index in [floor, from) whose value lies in [lo, hi) unsigned, or -1: a tight loop over the chunks,
     * for scans of millions of values (one volatile read, not one per value).
     */
    long lastInRange(long from, long floor, long lo, long hi) {
        long start = Math.max(0, floor);
        long i = Math.min(from, size) - 1;
        long span = hi - lo;
        while (i >= start) {
            long base = i - i % perChunk;
            long[] c = chunks[(int) (i / perChunk)];
            int stop = (int) Math.max(0, start - base);
            for (int j = (int) (i - base); j >= stop; j--) {
                long v = c[j];
                if (v != -1 && Long.compareUnsigned(v - lo, span) < 0) {
                    return base + j;
                }
            }
            i = base - 1;
        }
        return -1;
    }

    /** The first index whose value is greater than or equal to {@code v}, in a column sorted ascending. */
    long lowerBound(long v) {
        long lo = 0;
        long hi = size();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (get(mid) < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long bytes() {
        long n = 16L + 8L * chunks.length;
        for (long[] c : chunks) {
            n += c == null ? 0 : 16L + 8L * c.length;
        }
        return n;
    }
}

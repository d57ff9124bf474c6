package io.ioptexplorer.hardware.timeline;

import java.util.Arrays;

/**
 * A growable column of longs in fixed-size chunks: appending never copies what is already stored. One thread
 * appends; any thread may read below {@link #size()}, which is published after the value it covers.
 */
final class LongColumn {
    /**
     * 32 Ki values (256 KiB) per chunk: below half of G1's smallest region (1 MiB, the region size of a 1 GiB heap),
     * so a chunk is never a humongous object. With 64 Ki values each chunk was humongous there, and each one could
     * start a concurrent GC cycle while a run played (issue 11's frame time).
     */
    static final int CHUNK_SHIFT = 15;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int MASK = CHUNK - 1;

    private long[][] chunks = new long[4][];
    private volatile long size;

    void add(long v) {
        int c = (int) (size >>> CHUNK_SHIFT);
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new long[CHUNK];
        }
        chunks[c][(int) (size & MASK)] = v;
        size = size + 1; // volatile write after the value: a reader that sees the size sees the value
    }

    long get(long i) {
        long n = size;
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + " of " + n);
        }
        return chunks[(int) (i >>> CHUNK_SHIFT)][(int) (i & MASK)];
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
            long base = i & ~(long) MASK;
            long[] c = chunks[(int) (i >>> CHUNK_SHIFT)];
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

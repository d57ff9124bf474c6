package io.ioptexplorer.hardware.timeline;

import java.util.Arrays;

/** A growable column of longs in fixed-size chunks: appending never copies what is already stored. */
final class LongColumn {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int MASK = CHUNK - 1;

    private long[][] chunks = new long[4][];
    private long size;

    void add(long v) {
        int c = (int) (size >>> CHUNK_SHIFT);
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new long[CHUNK];
        }
        chunks[c][(int) (size & MASK)] = v;
        size++;
    }

    long get(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size);
        }
        return chunks[(int) (i >>> CHUNK_SHIFT)][(int) (i & MASK)];
    }

    long size() {
        return size;
    }

    /** The first index whose value is greater than or equal to {@code v}, in a column sorted ascending. */
    long lowerBound(long v) {
        long lo = 0;
        long hi = size;
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

package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.IoPageTable;
import java.util.BitSet;

/**
 * Which buckets of an IOVA map window hold a page whose state differs between two moments: mapped or not, leaf
 * size, clean, accessed or dirty (the states the map colours). Exact at any zoom: a bucket of many pages is marked
 * when any one page in it differs, even if the bucket's strongest state is the same. Where the earlier moment was not
 * read (a table too large to keep whole) nothing is marked. Immutable.
 */
public final class MapDifferences {
    private final BitSet differs;
    private final int buckets;

    private MapDifferences(BitSet differs, int buckets) {
        this.differs = differs;
        this.buckets = buckets;
    }

    /**
     * The buckets of the window ({@code buckets} of {@code 2^bucketShift} bytes from {@code firstIova}, as
     * {@link IovaMapCapture#capture}) where {@code pt} now differs from {@code then}. Call on the simulation thread;
     * it reads every leaf in the window once.
     */
    public static MapDifferences between(LeafRuns then, IoPageTable pt, long firstIova, int bucketShift,
                                         int buckets) {
        long first = firstIova & -(1L << bucketShift);
        long last = first + ((long) buckets << bucketShift) - 1;
        if (Long.compareUnsigned(last, first) < 0) {
            last = -1L;
        }
        LeafRuns now = LeafRuns.of(pt, first, last, Integer.MAX_VALUE);
        return between(then, now, first, bucketShift, buckets);
    }

    /** The buckets of the window where {@code a} and {@code b} differ, over what both describe. */
    static MapDifferences between(LeafRuns a, LeafRuns b, long first, int bucketShift, int buckets) {
        BitSet out = new BitSet(buckets);
        long last = first + ((long) buckets << bucketShift) - 1;
        if (Long.compareUnsigned(last, first) < 0) {
            last = -1L;
        }
        long from = max(first, max(a.readFrom(), b.readFrom()));
        long to = min(last, min(a.readTo(), b.readTo()));
        if (Long.compareUnsigned(from, to) > 0) {
            return new MapDifferences(out, buckets);
        }
        int i = a.firstEndingAtOrAfter(from);
        int j = b.firstEndingAtOrAfter(from);
        long x = from;
        while (true) {
            // The stretch from x on where neither side changes: inside a run, or in the gap before the next one.
            boolean inA = i < a.count() && Long.compareUnsigned(a.first(i), x) <= 0;
            boolean inB = j < b.count() && Long.compareUnsigned(b.first(j), x) <= 0;
            long endA = inA ? a.last(i) : i < a.count() ? a.first(i) - 1 : -1L;
            long endB = inB ? b.last(j) : j < b.count() ? b.first(j) - 1 : -1L;
            long end = min(to, min(endA, endB));
            boolean same = inA == inB && (!inA || a.state(i) == b.state(j) && a.leafShift(i) == b.leafShift(j));
            if (!same) {
                out.set((int) ((x - first) >>> bucketShift), (int) ((end - first) >>> bucketShift) + 1);
            }
            if (end == to) {
                return new MapDifferences(out, buckets);
            }
            if (inA && end == endA) {
                i++;
            }
            if (inB && end == endB) {
                j++;
            }
            x = end + 1;
        }
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    public boolean differs(int bucket) {
        return differs.get(bucket);
    }

    /** How many buckets differ. */
    public int count() {
        return differs.cardinality();
    }

    public int buckets() {
        return buckets;
    }
}

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

    MapDifferences(BitSet differs, int buckets) {
        this.differs = differs;
        this.buckets = buckets;
    }

    /**
     * The buckets of the window ({@code buckets} of {@code 2^bucketShift} bytes from {@code firstIova}, as
     * {@link IovaMapCapture#capture}) where {@code pt} now differs from {@code then}. Call on the simulation thread.
     * A window that is also drawn is cheaper with {@link IovaMapCapture#captureComparing}, which reads it once.
     */
    public static MapDifferences between(LeafRuns then, IoPageTable pt, long firstIova, int bucketShift,
                                         int buckets) {
        return IovaMapCapture.captureComparing(pt, firstIova, bucketShift, buckets, then).differences();
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

package io.ioptexplorer.hardware.inspect;

import java.util.Arrays;

/**
 * The IOVA space of one page table as buckets of {@code 2^bucketShift} bytes, from {@code firstIova}: for each bucket
 * the strongest state of any page in it (unmapped, mapped clean, accessed, dirty) and the smallest leaf size mapping
 * it. Zoomed out a bucket holds many pages; zoomed in, one page per bucket. Immutable.
 */
public final class IovaMap {
    public static final byte UNMAPPED = 0;
    public static final byte MAPPED = 1;
    public static final byte ACCESSED = 2;
    public static final byte DIRTY = 3;

    /** A leaf's state as the map shows it: dirty wins over accessed, accessed over mapped clean. */
    public static byte stateOf(boolean accessed, boolean dirty) {
        return dirty ? DIRTY : accessed ? ACCESSED : MAPPED;
    }

    private final long firstIova;
    private final int bucketShift;
    private final byte[] state;
    private final byte[] leafShift;

    IovaMap(long firstIova, int bucketShift, byte[] state, byte[] leafShift) {
        this.firstIova = firstIova;
        this.bucketShift = bucketShift;
        this.state = state;
        this.leafShift = leafShift;
    }

    public long firstIova() {
        return firstIova;
    }

    public int bucketShift() {
        return bucketShift;
    }

    public long bytesPerBucket() {
        return 1L << bucketShift;
    }

    public int buckets() {
        return state.length;
    }

    /** {@link #UNMAPPED}, {@link #MAPPED}, {@link #ACCESSED} or {@link #DIRTY}. */
    public byte state(int bucket) {
        return state[bucket];
    }

    /** log2 of the smallest leaf in the bucket; 0 when nothing is mapped there. */
    public int leafShift(int bucket) {
        return leafShift[bucket];
    }

    /** First IOVA of a bucket. */
    public long iovaOf(int bucket) {
        return firstIova + ((long) bucket << bucketShift);
    }

    /** How many buckets have each state, indexed by state. */
    public long[] counts() {
        long[] c = new long[4];
        for (byte s : state) {
            c[s]++;
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IovaMap m && m.firstIova == firstIova && m.bucketShift == bucketShift
            && Arrays.equals(m.state, state) && Arrays.equals(m.leafShift, leafShift);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(state) * 31 + Long.hashCode(firstIova) + bucketShift;
    }
}

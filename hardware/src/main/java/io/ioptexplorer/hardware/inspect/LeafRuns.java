package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.IoPageTable;
import java.util.Arrays;

/**
 * The leaves of one page table over an IOVA range, merged into runs of contiguous leaves with the same size and the
 * same {@link IovaMap} state (mapped clean, accessed, dirty; a replicated leaf's A/D the OR of its replicas, as the
 * map reads them), in IOVA order. 64 GiB of clean 4 KiB leaves is one run. Kept for a pinned moment, so the IOVA map
 * can mark what differs from it at any zoom ({@link MapDifferences}). Immutable; IOVAs compare unsigned.
 */
public final class LeafRuns {
    /** Nothing mapped, over the whole IOVA space (a HWPT that did not exist at the pinned moment). */
    public static final LeafRuns NONE = new LeafRuns(new long[0], new long[0], new byte[0], new byte[0], 0, 0, -1L);

    private final long[] first;
    private final long[] last;
    private final byte[] state;
    private final byte[] leafShift;
    private final int count;
    private final long readFrom;
    private final long readTo;

    private LeafRuns(long[] first, long[] last, byte[] state, byte[] leafShift, int count, long readFrom,
                     long readTo) {
        this.first = first;
        this.last = last;
        this.state = state;
        this.leafShift = leafShift;
        this.count = count;
        this.readFrom = readFrom;
        this.readTo = readTo;
    }

    /**
     * The runs of {@code pt} over {@code [from, to]} (clamped to the format's IOVA width), at most {@code maxRuns}:
     * past that the reading stops and {@link #readTo()} says how far it got. Call on the simulation thread.
     */
    public static LeafRuns of(IoPageTable pt, long from, long to, int maxRuns) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("leaf runs need room for at least one run, not " + maxRuns);
        }
        long max = pt.format().maxIova();
        long end = Long.compareUnsigned(to, max) > 0 ? max : to;
        Builder b = new Builder(maxRuns, from);
        try {
            if (Long.compareUnsigned(from, end) <= 0) {
                if (end - from == -1L) { // the whole 64-bit space: its length does not fit a long, read two halves
                    visit(pt, from, Long.MIN_VALUE - 1, b);
                    visit(pt, Long.MIN_VALUE, end, b);
                } else {
                    visit(pt, from, end, b);
                }
            }
            return b.build(end);
        } catch (Builder.Full full) {
            return b.build(b.lastRead);
        }
    }

    private static void visit(IoPageTable pt, long from, long to, Builder b) {
        pt.forEachLeaf(from, to - from + 1, (iova, size, pa, prot, accessed, dirty) ->
            b.add(iova, iova + size - 1, IovaMap.stateOf(accessed, dirty), Long.numberOfTrailingZeros(size)));
    }

    public int count() {
        return count;
    }

    /** The first IOVA the runs describe. */
    public long readFrom() {
        return readFrom;
    }

    /** The last IOVA the runs describe: beyond it (a table too large to read whole) nothing is known. */
    public long readTo() {
        return readTo;
    }

    public long first(int run) {
        return first[run];
    }

    public long last(int run) {
        return last[run];
    }

    /** The run's {@link IovaMap} state (never {@link IovaMap#UNMAPPED}: gaps between runs are unmapped). */
    public byte state(int run) {
        return state[run];
    }

    /** log2 of the run's leaf size. */
    public int leafShift(int run) {
        return leafShift[run];
    }

    /** The first run whose last IOVA is at or after {@code iova}, or {@link #count()} if none. */
    int firstEndingAtOrAfter(long iova) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(last[mid], iova) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Collects leaves in IOVA order, extending the last run when the next leaf continues it. */
    private static final class Builder {
        /** Thrown to stop the walk once {@code maxRuns} are read; no stack trace, it is not an error. */
        private static final class Full extends RuntimeException {
            Full() {
                super(null, null, false, false);
            }
        }

        private final int maxRuns;
        private final long from;
        private long[] first = new long[16];
        private long[] last = new long[16];
        private byte[] state = new byte[16];
        private byte[] leafShift = new byte[16];
        private int count;
        private long lastRead;

        Builder(int maxRuns, long from) {
            this.maxRuns = maxRuns;
            this.from = from;
        }

        void add(long from, long to, byte s, int shift) {
            int n = count - 1;
            if (n >= 0 && last[n] + 1 == from && state[n] == s && leafShift[n] == shift) {
                last[n] = to;
            } else {
                if (count == maxRuns) {
                    throw new Full();
                }
                if (count == first.length) {
                    int size = count * 2;
                    first = Arrays.copyOf(first, size);
                    last = Arrays.copyOf(last, size);
                    state = Arrays.copyOf(state, size);
                    leafShift = Arrays.copyOf(leafShift, size);
                }
                first[count] = from;
                last[count] = to;
                state[count] = s;
                leafShift[count] = (byte) shift;
                count++;
            }
            lastRead = to;
        }

        LeafRuns build(long readTo) {
            return new LeafRuns(Arrays.copyOf(first, count), Arrays.copyOf(last, count), Arrays.copyOf(state, count),
                Arrays.copyOf(leafShift, count), count, from, readTo);
        }
    }
}

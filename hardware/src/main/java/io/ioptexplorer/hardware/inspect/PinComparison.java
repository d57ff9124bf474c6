package io.ioptexplorer.hardware.inspect;

import java.util.BitSet;

/**
 * Compares, in IOVA order, what a map capture reads now (leaves and the gaps between them) with a pinned moment's
 * {@link LeafRuns}, marking the buckets where a page differs (mapped or not, leaf size, state), so that one descent
 * both draws the map and marks the differences: a second read of every leaf cost 20 times the capture's 16 ms on
 * 64 GiB of 4 KiB leaves. Only where the pin was read is anything marked. One cursor walks the pinned runs forward:
 * the capture must feed it in increasing IOVA order.
 */
final class PinComparison {
    private final LeafRuns then;
    private final long first;
    private final int shift;
    /** The part of the window the pin describes: [lo, hi], unsigned; empty when lo > hi. */
    private final long lo;
    private final long hi;
    private final BitSet differs;
    private final int buckets;
    /** The first pinned run that may still meet what comes next. */
    private int run;

    PinComparison(LeafRuns then, long first, long last, int shift, int buckets) {
        this.then = then;
        this.first = first;
        this.shift = shift;
        this.buckets = buckets;
        this.lo = max(first, then.readFrom());
        this.hi = min(last, then.readTo());
        this.differs = new BitSet(buckets);
        this.run = then.firstEndingAtOrAfter(lo);
    }

    /** Whether bucket {@code b} already differs (the capture may then skip the rest of it). */
    boolean differs(int b) {
        return differs.get(b);
    }

    /**
     * A leaf of the smallest kind, wholly inside the window: the hot path, when it lies inside the current pinned run
     * with the same state and size; else {@link #compare}.
     */
    void leaf(long a, long b, byte state, int leafShift) {
        int r = run;
        if (r < then.count() && Long.compareUnsigned(then.first(r), a) <= 0
                && Long.compareUnsigned(b, then.last(r)) <= 0 && then.state(r) == state
                && then.leafShift(r) == leafShift) {
            return;
        }
        compare(a, b, state, leafShift);
    }

    /**
     * Whether one pinned run holds all of [a, b] (which must not lie before what was compared last); then
     * {@link #runState} and {@link #runShift} are that run's.
     */
    boolean within(long a, long b) {
        while (run < then.count() && Long.compareUnsigned(then.last(run), a) < 0) {
            run++;
        }
        return run < then.count() && Long.compareUnsigned(then.first(run), a) <= 0
            && Long.compareUnsigned(b, then.last(run)) <= 0;
    }

    byte runState() {
        return then.state(run);
    }

    int runShift() {
        return then.leafShift(run);
    }

    /** Nothing mapped over [a, b] now. */
    void gap(long a, long b) {
        compare(a, b, IovaMap.UNMAPPED, 0);
    }

    /** [a, b] is now in {@code state} with leaves of 2^{@code leafShift} ({@link IovaMap#UNMAPPED}: a gap). */
    void compare(long a, long b, byte state, int leafShift) {
        long x = max(a, lo);
        long end = min(b, hi);
        if (Long.compareUnsigned(x, end) > 0) {
            return;
        }
        while (run < then.count() && Long.compareUnsigned(then.last(run), x) < 0) {
            run++;
        }
        while (true) {
            boolean inRun = run < then.count() && Long.compareUnsigned(then.first(run), x) <= 0;
            long stop;
            boolean same;
            if (inRun) {
                stop = min(end, then.last(run));
                same = state != IovaMap.UNMAPPED && then.state(run) == state && then.leafShift(run) == leafShift;
            } else {
                stop = run < then.count() ? min(end, then.first(run) - 1) : end;
                same = state == IovaMap.UNMAPPED;
            }
            if (!same) {
                differs.set((int) ((x - first) >>> shift), (int) ((stop - first) >>> shift) + 1);
            }
            if (stop == end) {
                return;
            }
            if (inRun) {
                run++;
            }
            x = stop + 1;
        }
    }

    MapDifferences result() {
        return new MapDifferences(differs, buckets);
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
}

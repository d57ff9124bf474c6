package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;

/**
 * Builds an {@link IovaMap} by one descent through the table, skipping what lies outside the window: a leaf larger
 * than a bucket fills its buckets at once, smaller leaves are folded into their bucket's strongest state. The Dirty
 * and Accessed state of a replicated leaf is the OR of its replicas, as software reads it. Compared with a pinned
 * moment ({@link #captureComparing}), the same descent also marks the buckets that differ from it.
 */
public final class IovaMapCapture {
    private final IoPageTable pt;
    private final PageTableFormat fmt;
    private final TablePagePool pool;
    private long first;
    private int shift;
    private byte[] state;
    private byte[] leafShift;
    /** The pinned moment compared with, or null. */
    private PinComparison pin;

    /** A map and the buckets of it where a page differs from a pinned moment. */
    public record Compared(IovaMap map, MapDifferences differences) {
    }

    private IovaMapCapture(IoPageTable pt) {
        this.pt = pt;
        this.fmt = pt.format();
        this.pool = pt.pool();
    }

    /**
     * The window of {@code buckets} buckets of {@code 2^bucketShift} bytes from {@code firstIova} (aligned down to a
     * bucket); buckets beyond the IOVA width stay unmapped. Call on the simulation thread.
     */
    public static IovaMap capture(IoPageTable pt, long firstIova, int bucketShift, int buckets) {
        return run(pt, firstIova, bucketShift, buckets, null).map();
    }

    /**
     * As {@link #capture}, and in the same descent the buckets where any page differs from {@code then} (mapped or
     * not, leaf size, clean, accessed or dirty), exact at any zoom: a bucket whose strongest state did not change is
     * still marked when one page in it did. Where {@code then} was not read, nothing is marked. Call on the
     * simulation thread.
     */
    public static Compared captureComparing(IoPageTable pt, long firstIova, int bucketShift, int buckets,
                                            LeafRuns then) {
        return run(pt, firstIova, bucketShift, buckets, then);
    }

    private static Compared run(IoPageTable pt, long firstIova, int bucketShift, int buckets, LeafRuns then) {
        if (buckets <= 0 || bucketShift < 0 || bucketShift > 62) {
            throw new IllegalArgumentException("an IOVA map needs buckets > 0 and a bucket shift in 0..62, not "
                + buckets + " and " + bucketShift);
        }
        IovaMapCapture c = new IovaMapCapture(pt);
        c.first = firstIova & -(1L << bucketShift);
        c.shift = bucketShift;
        c.state = new byte[buckets];
        c.leafShift = new byte[buckets];
        long last = c.first + ((long) buckets << bucketShift) - 1;
        if (Long.compareUnsigned(last, c.first) < 0 || Long.compareUnsigned(last, pt.format().maxIova()) > 0) {
            last = pt.format().maxIova();
        }
        if (then != null) {
            c.pin = new PinComparison(then, c.first, last, bucketShift, buckets);
        }
        if (Long.compareUnsigned(c.first, last) <= 0) {
            c.descend(pt.rootAddress(), c.fmt.levels() - 1, 0, last);
        }
        return new Compared(new IovaMap(c.first, bucketShift, c.state, c.leafShift),
            c.pin == null ? null : c.pin.result());
    }

    /** The bucket of the smallest leaf-size bucket shift that shows {@code span} bytes in {@code buckets} buckets. */
    public static int shiftToShow(long span, int buckets, int minShift) {
        int s = minShift;
        while (s < 62 && Long.compareUnsigned(((long) buckets) << s, span) < 0) {
            s++;
        }
        return s;
    }

    private void descend(long tpa, int level, long base, long last) {
        long[] mem = pool.memory(tpa);
        int off = pool.offset(tpa);
        int itemShift = fmt.itemShift(level);
        int n = fmt.tableEntries();
        int from = Long.compareUnsigned(first, base) > 0 ? (int) ((first - base) >>> itemShift) : 0;
        long endOff = last - base;
        int to = (int) Math.min(n - 1, endOff >>> itemShift);
        if (level == 0 && itemShift <= shift) {
            level0(mem, off, base, from, to, itemShift);
            return;
        }
        for (int i = from; i <= to; i++) {
            long e = mem[off + i];
            int k = fmt.kind(e, level);
            long iova = base + ((long) i << itemShift);
            if (k == PageTableFormat.TABLE) {
                descend(fmt.tablePa(e), level - 1, iova, last);
            } else if (k != PageTableFormat.LEAF) {
                if (pin != null) {
                    pin.gap(iova, iova + (1L << itemShift) - 1);
                }
            } else {
                int cs = fmt.contigShift(e, level);
                int g = i & -(1 << cs);
                boolean a = false;
                boolean d = false;
                for (int j = g; j < g + (1 << cs); j++) {
                    a |= fmt.isAccessed(mem[off + j]);
                    d |= fmt.isDirty(mem[off + j]);
                }
                long leafIova = base + ((long) g << itemShift);
                byte s = IovaMap.stateOf(a, d);
                mark(leafIova, itemShift + cs, s);
                if (pin != null) {
                    pin.compare(leafIova, leafIova + (1L << (itemShift + cs)) - 1, s, itemShift + cs);
                }
                i = g + (1 << cs) - 1;
            }
        }
    }

    /**
     * The hot loop: 4 KiB leaves, several per bucket. Once a bucket is dirty with a leaf of the smallest size it can
     * show nothing stronger, so the rest of its entries are skipped (bucket edges fall on index multiples, since the
     * map's first IOVA is bucket-aligned and a table's base is aligned to its span).
     */
    private void level0(long[] mem, int off, long base, int from, int to, int itemShift) {
        int perBucketShift = shift - itemShift;
        if (perBucketShift >= fmt.bitsPerLevel()) {
            int b = (int) ((base + ((long) from << itemShift) - first) >>> shift);
            if (pin == null || pin.differs(b)) {
                wholeTableInOneBucket(mem, off, b, from, to, itemShift);
            } else {
                wholeTableInOneBucketComparing(mem, off, base, b, from, to, itemShift);
            }
            return;
        }
        for (int i = from; i <= to; i++) {
            long e = mem[off + i];
            if (fmt.kind(e, 0) != PageTableFormat.LEAF) {
                continue;
            }
            // IovaMap.stateOf, unrolled so that A is read only when the leaf is not dirty (the hot loop).
            byte s = fmt.isDirty(e) ? IovaMap.DIRTY : fmt.isAccessed(e) ? IovaMap.ACCESSED : IovaMap.MAPPED;
            long iova = base + ((long) i << itemShift);
            int b = (int) ((iova - first) >>> shift);
            if (s > state[b]) {
                state[b] = s;
            }
            int ls = itemShift + fmt.contigShift(e, 0);
            if (leafShift[b] == 0 || ls < leafShift[b]) {
                leafShift[b] = (byte) ls;
            }
            if (state[b] == IovaMap.DIRTY && leafShift[b] == itemShift) {
                if (perBucketShift >= 31) {
                    return;
                }
                i |= (1 << perBucketShift) - 1; // the loop's i++ moves to the next bucket's first entry
            }
        }
        if (pin != null) {
            compareTable(mem, off, base, from, to, itemShift);
        }
    }

    /**
     * Zoomed out, a whole leaf table falls in one bucket: keep its state in locals and read A only while nothing
     * stronger has been seen, the leaf size only until the smallest is seen; stop at the first dirty leaf once the
     * smallest size is known.
     */
    private void wholeTableInOneBucket(long[] mem, int off, int b, int from, int to, int itemShift) {
        byte best = state[b];
        int smallest = leafShift[b] == 0 ? 64 : leafShift[b];
        for (int i = from; i <= to; i++) {
            long e = mem[off + i];
            if (fmt.kind(e, 0) != PageTableFormat.LEAF) {
                continue;
            }
            if (smallest != itemShift) {
                smallest = Math.min(smallest, itemShift + fmt.contigShift(e, 0));
            }
            if (fmt.isDirty(e)) {
                best = IovaMap.DIRTY;
                if (smallest == itemShift) {
                    break;
                }
            } else if (best < IovaMap.ACCESSED) {
                best = fmt.isAccessed(e) ? IovaMap.ACCESSED : (byte) Math.max(best, IovaMap.MAPPED);
            }
        }
        state[b] = best;
        if (smallest != 64) {
            leafShift[b] = (byte) smallest;
        }
    }

    /**
     * {@link #wholeTableInOneBucket} while a pin is compared and the bucket does not differ from it yet. When one
     * pinned run covers the table, a first loop only checks that each entry is an unreplicated leaf of that run's size
     * and state; if all are, that is also the table's whole contribution to the map, so an unchanged table is read
     * once (a second loop over every entry made the capture of 64 GiB of clean 4 KiB leaves 1.75 times as long). From
     * the first entry that is not, {@link #comparePages} finds which pages differ and {@link #wholeTableInOneBucket}
     * reads the rest for the map.
     */
    private void wholeTableInOneBucketComparing(long[] mem, int off, long base, int b, int from, int to,
                                                int itemShift) {
        int k = covered(base, from, to, itemShift) ? firstUnlike(mem, off, from, to, pin.runState()) : from;
        if (k > from) {
            byte pinned = pin.runState();
            if (pinned > state[b]) {
                state[b] = pinned;
            }
            if (leafShift[b] == 0 || itemShift < leafShift[b]) {
                leafShift[b] = (byte) itemShift;
            }
        }
        if (k <= to) {
            comparePages(mem, off, base, from, to, itemShift);
            wholeTableInOneBucket(mem, off, b, k, to, itemShift);
        }
    }

    /**
     * Compares entries {@code from..to} of a level-0 table with the pin, after the map has read them (they are in the
     * cache): when one pinned run covers them and they are all leaves of its size and state, that is all; else
     * {@link #comparePages}.
     */
    private void compareTable(long[] mem, int off, long base, int from, int to, int itemShift) {
        if (!covered(base, from, to, itemShift) || firstUnlike(mem, off, from, to, pin.runState()) <= to) {
            comparePages(mem, off, base, from, to, itemShift);
        }
    }

    /** Whether one pinned run of this table's leaf size covers entries {@code from..to}. */
    private boolean covered(long base, int from, int to, int itemShift) {
        return pin.within(base + ((long) from << itemShift), base + ((long) to << itemShift) + (1L << itemShift) - 1)
            && pin.runShift() == itemShift;
    }

    /**
     * Page by page: a page of a replicated (contiguous) leaf in the state of the OR of its replicas' A and D, as
     * {@link #descend} reads it; the rest of a bucket is skipped once it is marked.
     */
    private void comparePages(long[] mem, int off, long base, int from, int to, int itemShift) {
        int perBucketShift = shift - itemShift;
        for (int i = from; i <= to; i++) {
            long e = mem[off + i];
            long iova = base + ((long) i << itemShift);
            long pageLast = iova + (1L << itemShift) - 1;
            if (fmt.kind(e, 0) != PageTableFormat.LEAF) {
                pin.gap(iova, pageLast);
                continue;
            }
            int cs = fmt.contigShift(e, 0);
            boolean acc = false;
            boolean dirty = false;
            for (int j = i & -(1 << cs), end = j + (1 << cs); j < end; j++) {
                acc |= fmt.isAccessed(mem[off + j]);
                dirty |= fmt.isDirty(mem[off + j]);
            }
            pin.leaf(iova, pageLast, IovaMap.stateOf(acc, dirty), itemShift + cs);
            if (pin.differs((int) ((iova - first) >>> shift))) { // the rest of this bucket cannot add to its mark
                if (perBucketShift >= fmt.bitsPerLevel()) {
                    return;
                }
                i |= (1 << perBucketShift) - 1;
            }
        }
    }

    /** The first of entries {@code from..to} that is not an unreplicated leaf in {@code state}, or {@code to + 1}. */
    private int firstUnlike(long[] mem, int off, int from, int to, byte state) {
        for (int i = from; i <= to; i++) {
            long e = mem[off + i];
            if (fmt.kind(e, 0) != PageTableFormat.LEAF || fmt.contigShift(e, 0) != 0
                    || (fmt.isDirty(e) ? IovaMap.DIRTY : fmt.isAccessed(e) ? IovaMap.ACCESSED : IovaMap.MAPPED)
                    != state) {
                return i;
            }
        }
        return to + 1;
    }

    private void mark(long leafIova, int leafSizeShift, byte s) {
        long lastByte = leafIova + (1L << leafSizeShift) - 1;
        long lo = Long.compareUnsigned(leafIova, first) < 0 ? 0 : (leafIova - first) >>> shift;
        long hi = Long.compareUnsigned(lastByte - first, ((long) state.length << shift) - 1) > 0
            ? state.length - 1 : (lastByte - first) >>> shift;
        if (Long.compareUnsigned(lastByte, first) < 0) {
            return;
        }
        for (long b = lo; b <= hi; b++) {
            int bi = (int) b;
            if (s > state[bi]) {
                state[bi] = s;
            }
            if (leafShift[bi] == 0 || leafSizeShift < leafShift[bi]) {
                leafShift[bi] = (byte) leafSizeShift;
            }
        }
    }
}

package io.ioptexplorer.viewmodel.timeline;

import java.util.Arrays;

/**
 * Where an event sits along the timeline strip, as a fraction of its width. The run is cut into segments where a
 * step or a phase begins: the machine's assembly (the events before step 1), each step that has emitted events,
 * and inside a migration each round, the stop-and-copy, the resume and the verification. Half the width is shared
 * evenly by the segments and half by their event counts. Why not a straight event scale: a migration's first round
 * emits hundreds of thousands of events and a setup step or the stop-and-copy a handful, so the eight setup steps
 * of a sample sat in the strip's first pixel and the stop-and-copy in its last, where no one could see or click
 * them. Within a segment the scale is linear.
 */
public final class StripScale {
    /** The part of the width shared evenly by the segments; the rest goes by event count. */
    static final double EVEN_SHARE = 0.5;

    private final long total;
    /** First event of each segment, ascending; one more entry: {@code total}. */
    private final long[] start;
    /** Fraction of the width where each segment starts; one more entry: 1. */
    private final double[] at;

    private StripScale(long total, long[] start, double[] at) {
        this.total = total;
        this.start = start;
        this.at = at;
    }

    /**
     * The scale of a run of {@code total} events where steps and phases begin at the events {@code firsts} lists
     * (any order; a step that has not started, or emitted nothing, starts where the next one does, or at
     * {@code total}).
     */
    public static StripScale of(long total, long[]... firsts) {
        if (total <= 0) {
            return new StripScale(0, new long[] {0}, new double[] {0});
        }
        long[] all = Arrays.stream(firsts).flatMapToLong(Arrays::stream).filter(s -> s > 0 && s < total)
                .sorted().distinct().toArray();
        long[] start = new long[all.length + 2];
        System.arraycopy(all, 0, start, 1, all.length);
        start[all.length + 1] = total;
        int n = all.length + 1;
        double[] at = new double[n + 1];
        for (int i = 0; i < n; i++) {
            long len = start[i + 1] - start[i];
            at[i + 1] = at[i] + EVEN_SHARE / n + (1 - EVEN_SHARE) * len / total;
        }
        at[n] = 1;
        return new StripScale(total, start, at);
    }

    public long total() {
        return total;
    }

    /** The fraction of the width where event {@code seq} begins (a fractional seq: a point inside the event). */
    public double fractionOf(double seq) {
        if (total == 0) {
            return 0;
        }
        double s = Math.max(0, Math.min(total, seq));
        int i = segmentOfSeq(s);
        long len = start[i + 1] - start[i];
        return at[i] + (s - start[i]) / len * (at[i + 1] - at[i]);
    }

    /** The event at {@code fraction} of the width (clamped to the run). */
    public long seqAt(double fraction) {
        if (total == 0) {
            return 0;
        }
        double f = Math.max(0, Math.min(1, fraction));
        int i = Arrays.binarySearch(at, f);
        i = i >= 0 ? Math.min(i, at.length - 2) : -i - 2;
        long len = start[i + 1] - start[i];
        long s = start[i] + (long) Math.floor((f - at[i]) / (at[i + 1] - at[i]) * len);
        return Math.max(start[i], Math.min(start[i + 1] - 1, s));
    }

    /** The bucket, of {@code buckets} equal slices of the width, that event {@code seq} begins in. */
    public int bucketOf(long seq, int buckets) {
        return (int) Math.max(0, Math.min(buckets - 1, Math.floor(fractionOf(seq) * buckets)));
    }

    /** The first event that begins in bucket {@code bucket} or a later one ({@code total} when none does). */
    public long firstSeqFromBucket(int bucket, int buckets) {
        if (bucket <= 0) {
            return 0;
        }
        if (bucket >= buckets) {
            return total;
        }
        long s = seqAt((double) bucket / buckets);
        while (s < total && bucketOf(s, buckets) < bucket) {
            s++;
        }
        while (s > 0 && bucketOf(s - 1, buckets) >= bucket) {
            s--;
        }
        return s;
    }

    private int segmentOfSeq(double seq) {
        int lo = 0;
        int hi = start.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= seq) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}

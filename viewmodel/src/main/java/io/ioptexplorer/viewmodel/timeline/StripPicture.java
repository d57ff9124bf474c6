package io.ioptexplorer.viewmodel.timeline;

import io.ioptexplorer.hardware.timeline.BreakpointClass;
import java.util.Arrays;
import java.util.List;

/**
 * What the timeline strip draws, captured at one moment: the run as events from 0 to {@code total}, the first event
 * of each step, the phases, where breakpoint-group events are (per bucket of the width), and the current moment.
 * Events are placed along the width by {@link #scale()}.
 *
 * @param stepFirst  first seq of step k at index k (a step that emitted nothing starts where the next does)
 * @param marks      per bucket, one of {@code marks.length} equal slices of the width: 0, or 1 + the ordinal of the
 *                   {@link io.ioptexplorer.hardware.timeline.BreakpointClass} of the first such event in it
 * @param current    the seq of the current moment's event (or the last before a boundary), -1 before any
 * @param currentStep the step of the current moment
 */
public record StripPicture(long total, long[] stepFirst, List<PhaseBand> phases, byte[] marks, long current,
                           int currentStep) {
    public static final StripPicture EMPTY = new StripPicture(0, new long[0], List.of(), new byte[0], -1, 0);

    /** A phase from its first event on, with a shorter label for a narrow band ("round 2"). */
    public record PhaseBand(long firstSeq, String label, String shortLabel, int kindOrdinal) {
        public PhaseBand(long firstSeq, String label, int kindOrdinal) {
            this(firstSeq, label, label, kindOrdinal);
        }
    }

    public StripPicture {
        stepFirst = stepFirst.clone();
        phases = List.copyOf(phases);
        marks = marks.clone();
    }

    /** Where each event sits along the strip (derived from the steps and phases; ask once per use). */
    public StripScale scale() {
        return StripScale.of(total, stepFirst, phaseFirsts(phases));
    }

    static long[] phaseFirsts(List<PhaseBand> phases) {
        return phases.stream().mapToLong(PhaseBand::firstSeq).toArray();
    }

    @Override
    public long[] stepFirst() {
        return stepFirst.clone();
    }

    @Override
    public byte[] marks() {
        return marks.clone();
    }

    public int steps() {
        return stepFirst.length;
    }

    public long stepFirst(int k) {
        return stepFirst[k];
    }

    public byte mark(int bucket) {
        return marks[bucket];
    }

    public int buckets() {
        return marks.length;
    }

    /** The step event {@code seq} belongs to (-1: the machine's assembly). */
    public int stepOf(long seq) {
        int i = Arrays.binarySearch(stepFirst, seq);
        if (i >= 0) {
            while (i + 1 < stepFirst.length && stepFirst[i + 1] == seq) {
                i++; // steps without events share a first seq: the event is the last one's
            }
            return i;
        }
        return -i - 2;
    }

    /** The phase event {@code seq} is in, or null before the first phase. */
    public PhaseBand phaseAt(long seq) {
        PhaseBand at = null;
        for (PhaseBand b : phases) {
            if (b.firstSeq() > seq) {
                break;
            }
            at = b;
        }
        return at;
    }

    /**
     * The breakpoint group marked within {@code slackBuckets} buckets either side of the one event {@code seq}
     * begins in (the strip draws one per bucket, the first such event in it), or null where nothing is marked.
     */
    public BreakpointClass markNear(long seq, int slackBuckets) {
        if (total == 0 || marks.length == 0) {
            return null;
        }
        int at = bucketOf(Math.max(0, Math.min(total - 1, seq)));
        int from = Math.max(0, at - slackBuckets);
        int to = Math.min(marks.length - 1, at + slackBuckets);
        BreakpointClass[] groups = BreakpointClass.values();
        for (int b = from; b <= to; b++) {
            if (marks[b] != 0) {
                return groups[Math.min(groups.length - 1, marks[b] - 1)];
            }
        }
        return null;
    }

    /** The bucket of {@link #marks} event {@code seq} begins in. */
    public int bucketOf(long seq) {
        return scale().bucketOf(seq, marks.length);
    }

    /**
     * What a reader finds at event {@code seq}: its step, its phase, what is marked within {@code slackBuckets}
     * buckets of it (the strip's hover text).
     */
    public String describeAt(long seq, int slackBuckets) {
        if (total == 0) {
            return "Nothing has run yet.";
        }
        long s = Math.max(0, Math.min(total - 1, seq));
        int step = stepOf(s);
        StringBuilder b = new StringBuilder(step < 0 ? "The machine's assembly" : "Step " + (step + 1));
        PhaseBand phase = phaseAt(s);
        if (phase != null && step >= 0) {
            b.append(", ").append(phase.label());
        }
        BreakpointClass mark = markNear(s, slackBuckets);
        if (mark != null) {
            b.append(" · ").append(mark.id()).append(" events here");
        }
        return b.append(" · event ").append(String.format("%,d", s).replace(',', ' ')).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StripPicture p && p.total == total && p.current == current
                && p.currentStep == currentStep && Arrays.equals(p.stepFirst, stepFirst) && p.phases.equals(phases)
                && Arrays.equals(p.marks, marks);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(total) * 31 + Long.hashCode(current);
    }
}

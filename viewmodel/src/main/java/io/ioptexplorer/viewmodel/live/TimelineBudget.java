package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.timeline.RunAbandoned;
import io.ioptexplorer.hardware.timeline.TimelineIndex;

/**
 * How much of the heap the window's timeline may take. A run whose timeline outgrows it stops with a message,
 * instead of running the JVM out of memory minutes later. When map traced every 4 KiB leaf, the 1 TiB sample's
 * assembly alone was 537 M events (about 6 GB of index); with one event per run of leaves its whole run is 114 M
 * events, about 1.4 GB, within the budget of the 8 GiB heap the launcher gives (README, "Performance").
 */
final class TimelineBudget {
    /** The rest is for the machine itself and for a replay's second machine beside it. */
    static final double HEAP_SHARE = 0.4;
    /** Measuring the index costs a loop over its chunks: look once per this many events (a power of two). */
    static final long LOOK_EVERY = 1 << 20;

    private final long maxBytes;
    /** {@code lookEvery - 1}: asked at every event, so a mask rather than a division. */
    private final long lookMask;

    /** @param lookEvery a power of two: how many events between two looks */
    TimelineBudget(long maxBytes, long lookEvery) {
        if (Long.bitCount(lookEvery) != 1) {
            throw new IllegalArgumentException("lookEvery must be a power of two, not " + lookEvery);
        }
        this.maxBytes = maxBytes;
        this.lookMask = lookEvery - 1;
    }

    static TimelineBudget ofThisHeap() {
        return new TimelineBudget((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE), LOOK_EVERY);
    }

    /** Throws {@link Exceeded} (out of the run) when {@code t} has outgrown the budget. */
    void check(TimelineIndex t) {
        long n = t.size();
        if ((n & lookMask) == 0 && n > 0) {
            long bytes = t.columnBytes();
            if (bytes > maxBytes) {
                throw new Exceeded(n, bytes, maxBytes);
            }
        }
    }

    /** The timeline outgrew its share of the heap: the run is abandoned. */
    static final class Exceeded extends RunAbandoned {
        final String message;

        Exceeded(long events, long bytes, long maxBytes) {
            super("timeline over budget");
            this.message = String.format("This run's timeline outgrew the window's memory: %,d events so far take "
                            + "%d MiB, over the %d MiB (%.0f%% of the %d MiB heap) the window gives it. Start the "
                            + "window with a larger heap (java -Xmx…, see the README's Performance section) or open "
                            + "a smaller file; `run FILE` runs it headless without a timeline.",
                    events, bytes >> 20, maxBytes >> 20, HEAP_SHARE * 100, Runtime.getRuntime().maxMemory() >> 20);
        }
    }
}

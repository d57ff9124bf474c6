package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.RunCheckpoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The session's checkpoints: the machine frozen at step boundaries while it runs forward, so that going back
 * resumes from the latest one at or before the target instead of replaying every step from the machine's assembly
 * (issue 11). Same file and seed, same run: a checkpoint stays valid after the session rewinds past it.
 *
 * <p>Only step boundaries: a step is one call into the simulator (a {@code migrate} step runs its whole migration in
 * one call), so the machine cannot be copied in the middle of one (see {@link RunCheckpoint}); a moment inside a step
 * is reached by resuming at the step's start and running on with the timeline on.
 *
 * <p>They are kept under a share of the heap. A checkpoint is charged, when taken, for what it copied and for every
 * chunk of guest memory, table pages and written frames it shares copy-on-write with the run, as if the run were to
 * write or drop them all: every chunk a checkpoint can come to hold alone is counted once, then, so the sum errs high
 * only where two checkpoints share a chunk. It used to charge the shared chunks only as the run copied them, and on
 * the 1 TiB sample the checkpoints came to hold 3.5 GB more than that estimate (5.1 GB live after GC in the window
 * against 1.5 GB without checkpoints): chunks the run drops rather than writes were never charged; and for a while
 * both, which counted a copied chunk twice. Over budget, the checkpoint whose loss costs the least
 * replay goes: of those between the start and the newest, the one whose neighbours are fewest events apart; then the
 * newest (the one a step back from where the machine runs needs); the start (the machine just assembled, 49 s of work
 * on the 1 TiB sample) last, when it alone is over the budget: on the 1 TiB sample a checkpoint comes to hold a whole
 * machine (2 GiB of table pages, 1 GiB of page versions) once the run has written them all, more than the heap has
 * room for beside the run and its timeline. The budget is checked as each checkpoint is added. Machine thread only.
 */
final class Checkpoints {
    /** The share of the heap checkpoints may take: the timeline has 40%, the machine and its replay the rest. */
    static final double HEAP_SHARE = 0.15;
    /** Events since the last checkpoint before another is worth its copy (a step back of fewer is instant). */
    static final long MIN_EVENTS_BETWEEN = 20_000;

    /** One checkpoint: the run, the watcher's sink and the step outcomes at a boundary. */
    record Entry(int step, RunCheckpoint run, EventSink watcher, List<StepOutcome> outcomes, long seq, long bytes) {
    }

    private final long maxBytes;
    private final long minEventsBetween;
    /** False: none is ever kept, every rewind replays from the machine's assembly (the harness's baseline). */
    private final boolean enabled;
    private final TreeMap<Integer, Entry> byStep = new TreeMap<>();
    private long bytes;

    Checkpoints(long maxBytes, long minEventsBetween) {
        this(maxBytes, minEventsBetween, true);
    }

    private Checkpoints(long maxBytes, long minEventsBetween, boolean enabled) {
        this.maxBytes = maxBytes;
        this.minEventsBetween = minEventsBetween;
        this.enabled = enabled;
    }

    /** Checkpoints that keep nothing: rewinds replay from the start, as before there were checkpoints. */
    static Checkpoints disabled() {
        return new Checkpoints(0, 0, false);
    }

    static Checkpoints ofThisHeap() {
        return new Checkpoints((long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE), MIN_EVENTS_BETWEEN);
    }

    void clear() {
        byStep.clear();
        bytes = 0;
    }

    /** The latest checkpoint at or before the boundary with {@code steps} steps done, or null. */
    Entry atOrBefore(int steps) {
        Map.Entry<Integer, Entry> e = byStep.floorEntry(steps);
        return e == null ? null : e.getValue();
    }

    boolean has(int steps) {
        return byStep.containsKey(steps);
    }

    /**
     * Whether a boundary at {@code seq} (its next event's sequence number) with {@code steps} done deserves a
     * checkpoint: none is kept there yet, and the nearest earlier one is at least the minimum of events back.
     */
    boolean wanted(int steps, long seq) {
        if (!enabled || byStep.containsKey(steps)) {
            return false;
        }
        Map.Entry<Integer, Entry> before = byStep.lowerEntry(steps);
        return before == null || seq - before.getValue().seq() >= minEventsBetween;
    }

    /** Keeps {@code e}, then evicts until the budget holds again (the start always stays). */
    void add(Entry e) {
        if (!enabled) {
            return;
        }
        Entry old = byStep.put(e.step(), e);
        bytes += e.bytes() - (old == null ? 0 : old.bytes());
        evictOverBudget();
    }

    private void evictOverBudget() {
        while (bytes > maxBytes && !byStep.isEmpty()) {
            evictOne();
        }
    }

    /**
     * Drops one checkpoint: of those between the start and the newest, the one whose loss makes a replay the least
     * longer (whose neighbours are the fewest events apart); with none between, the newest; the start last.
     */
    private void evictOne() {
        Integer victim = byStep.lastKey();
        long best = Long.MAX_VALUE;
        Entry prev = null;
        for (Entry e : byStep.values()) {
            Map.Entry<Integer, Entry> next = byStep.higherEntry(e.step());
            if (prev != null && next != null) {
                long gap = next.getValue().seq() - prev.seq();
                if (gap < best) {
                    best = gap;
                    victim = e.step();
                }
            }
            prev = e;
        }
        Entry gone = byStep.remove(victim);
        bytes -= gone.bytes();
    }

    /** Heap the kept checkpoints take (the estimate above). */
    long bytes() {
        return bytes;
    }

    int size() {
        return byStep.size();
    }

    /** The boundaries (steps done) that have a checkpoint, in order. */
    List<Integer> steps() {
        return List.copyOf(byStep.keySet());
    }
}

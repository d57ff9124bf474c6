package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.scenario.MigrationSpec;
import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.timeline.TimelineListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a topology file: the machine it describes and its steps, executed one at a time so that the app can
 * step, play and show each result, and the command line can run them all. The same topology and seed give the same
 * run.
 *
 * <p>When the steps set up no IOAS or HWPT, the machine is assembled as a VMM would at VM start (guest memory at
 * IOVA = GPA in one HWPT per IOMMU, with dirty tracking where the IOMMU reports it), and steps can name those objects
 * {@link Topology#IMPLICIT_IOAS} and {@link Topology#implicitHwpt(String)}.
 */
public final class ScenarioRun {
    private final Topology topology;
    private final long seed;
    private final Machine machine;
    private final RunRecorder recorder;
    private final StepExecutor executor;
    private final List<StepResult> results = new ArrayList<>();
    private int next;

    public ScenarioRun(Topology topology, long seed, EventSink events) {
        this(topology, seed, events, null, false);
    }

    /**
     * A run whose events go on a timeline: {@code listener} receives each one, stamped with its sequence number,
     * step (-1 while the machine is built) and simulated time, while the timeline is on. It can start off: a
     * replay to step k builds the machine and runs steps 0..k-1 with it off (nothing is allocated for events), then
     * calls {@link #setNextSeq} and {@link #setTimelineOn} before step k.
     */
    public ScenarioRun(Topology topology, long seed, TimelineListener listener, boolean timelineOn) {
        this(topology, seed, EventSink.NONE, listener, timelineOn);
    }

    /**
     * As above, and {@code events} also receives every event, with the timeline on or off: a watcher that must see
     * the whole run, replays included (the tracking views' recorder), sits here.
     */
    public ScenarioRun(Topology topology, long seed, EventSink events, TimelineListener listener,
                       boolean timelineOn) {
        this(topology, seed, events, listener, timelineOn, false);
    }

    /**
     * A run nobody copies, as the command line's: its machine keeps its first table pages in one flat array
     * ({@link io.ioptexplorer.hardware.machine.MachineBuilder#flatTables}), which the DMA walk reads faster. A
     * checkpoint of it still works; it moves the array into slabs first.
     */
    public static ScenarioRun uncopied(Topology topology, long seed, EventSink events) {
        return new ScenarioRun(topology, seed, events, null, false, true);
    }

    private ScenarioRun(Topology topology, long seed, EventSink events, TimelineListener listener,
                        boolean timelineOn, boolean flatTables) {
        this.topology = topology;
        this.seed = seed;
        this.recorder = new RunRecorder(events, listener, timelineOn);
        this.machine = TopologyMachine.build(topology, seed, recorder, flatTables);
        recorder.setClock(machine.clock()::now);
        Map<String, Integer> ids = new LinkedHashMap<>();
        if (topology.vmmBuildsIommufdObjects() && !machine.devices().isEmpty()) {
            boolean hugePages = topology.migration().map(m -> m.split() != MigrationSpec.Split.BASE_PAGES)
                    .orElse(true);
            machine.attachAsVmm(hugePages);
            ids.put(Topology.IMPLICIT_IOAS, machine.ioasId());
            for (MachineDevice d : machine.devices()) {
                var hwpt = machine.hwptOf(d);
                if (hwpt != null) {
                    ids.putIfAbsent(Topology.implicitHwpt(d.spec().unitId()), hwpt.id());
                }
            }
        }
        this.executor = new StepExecutor(topology, machine, ids);
    }

    /** The copy of {@code o} at its step boundary, its recorder feeding {@code events} and {@code listener}. */
    private ScenarioRun(ScenarioRun o, CopyContext ctx, EventSink events, TimelineListener listener,
                        boolean timelineOn) {
        this.topology = o.topology;
        this.seed = o.seed;
        this.recorder = o.recorder.copy(ctx, events, listener, timelineOn);
        this.executor = o.executor.copy(ctx);
        this.machine = ctx.copied(o.machine);
        recorder.setClock(machine.clock()::now);
        this.results.addAll(o.results); // StepResult is immutable
        this.next = o.next;
    }

    /**
     * A frozen copy of this run between two steps, to resume from later (see {@link RunCheckpoint}): nothing this
     * run does afterwards reaches it.
     */
    public RunCheckpoint checkpoint() {
        CopyContext ctx = new CopyContext();
        ScenarioRun frozen = new ScenarioRun(this, ctx, EventSink.NONE, null, false);
        return new RunCheckpoint(frozen, ctx.copiedBytes(), ctx.sharedBytes());
    }

    /** A live copy of this (frozen) run, for {@link RunCheckpoint#resume}. */
    ScenarioRun resumeCopy(EventSink events, TimelineListener listener, boolean timelineOn) {
        return new ScenarioRun(this, new CopyContext(), events, listener, timelineOn);
    }

    /** The seed a run uses: the command line's, else the file's, else {@link TopologyMachine#DEFAULT_SEED}. */
    public static long seedFor(Topology t, Long override) {
        return override != null ? override : t.seed().orElse(TopologyMachine.DEFAULT_SEED);
    }

    public Topology topology() {
        return topology;
    }

    public long seed() {
        return seed;
    }

    public Machine machine() {
        return machine;
    }

    public boolean hasNext() {
        return next < topology.steps().size();
    }

    /** Index of the next step to run (0-based). */
    public int nextIndex() {
        return next;
    }

    /** Runs the next step; never throws for anything the step does wrong, it is all in the result. */
    public StepResult step() {
        if (!hasNext()) {
            throw new IllegalStateException("all " + topology.steps().size() + " steps have run");
        }
        recorder.beginStep(next);
        Step s = topology.steps().get(next++);
        Map<String, Object> result = new LinkedHashMap<>();
        Errno errno = null;
        String error = null;
        try {
            executor.execute(s, result);
        } catch (ErrnoException e) {
            errno = e.errno();
            error = e.why();
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            // The simulator refused something the file asked for; say what, never crash.
            error = e.getMessage();
        } catch (RuntimeException e) {
            // A defect of the simulator itself: report it on the step (with where it happened), keep running.
            StackTraceElement at = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            error = "internal error (please report): " + e + (at == null ? "" : " at " + at);
        }
        List<String> failures = Expectations.check(s, errno, error, result);
        StepResult r = new StepResult(s.index(), s.op(), s.location(), failures.isEmpty(), errno, error, result,
                failures, s.narrate());
        results.add(r);
        return r;
    }

    /** Runs every remaining step, telling {@code progress} after each. */
    public List<StepResult> runAll(Progress progress) {
        executor.setProgress(progress);
        int total = topology.steps().size();
        while (hasNext()) {
            StepResult r = step();
            if (progress != null) {
                progress.stepDone(next, total, r);
            }
        }
        return results();
    }

    /** Whether events reach the timeline listener now (false when the run has none). */
    public boolean timelineOn() {
        return recorder.timelineOn();
    }

    /** Switches the timeline on or off; takes effect at the next event (components ask on every operation). */
    public void setTimelineOn(boolean on) {
        recorder.setTimelineOn(on);
    }

    /** The sequence number the next timeline event gets. */
    public long nextSeq() {
        return recorder.nextSeq();
    }

    /**
     * Sets the sequence number of the next timeline event: a replay that ran earlier steps with the timeline off
     * continues the numbering of the full run from the first seq of the step it switches on at.
     */
    public void setNextSeq(long seq) {
        recorder.setNextSeq(seq);
    }

    public List<StepResult> results() {
        return Collections.unmodifiableList(results);
    }

    public boolean allOk() {
        return results.stream().allMatch(StepResult::ok);
    }

    /** The migration a {@code migrate} step ran, if any (the last one). */
    public io.ioptexplorer.hardware.vmm.MigrationResult migration() {
        return executor.lastMigration();
    }

    /** VFIO migration state-machine arcs so far, with their simulated time. */
    List<RunRecorder.Arc> fsmArcs() {
        return recorder.arcs();
    }

    /** Told after each step (and each migration round); the command line draws a progress bar with it. */
    @FunctionalInterface
    public interface Progress {
        void stepDone(int done, int total, StepResult last);

        /** A {@code migrate} step finished pre-copy round {@code round} (0-based) of at most {@code maxRounds}. */
        default void migrationRound(int round, int maxRounds) {
        }
    }
}

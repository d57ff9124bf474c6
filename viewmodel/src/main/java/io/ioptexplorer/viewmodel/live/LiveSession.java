package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.run.RunCheckpoint;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.timeline.Phase;
import io.ioptexplorer.hardware.timeline.RunAbandoned;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.hardware.timeline.TimelineListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import io.ioptexplorer.hardware.events.EventSink;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The live machine: one thread runs the scenario, and can stop inside any event (the timeline listener blocks on
 * the machine thread while paused), answer queries while stopped, and go on with a new stop condition. Going back is
 * a deterministic replay: the run resumed from the latest {@link Checkpoints checkpoint} at or before the target step
 * (or a fresh run of the same file and seed when there is none), with events off up to the target step, then events
 * on up to the target event.
 *
 * <p>Commands may be called from any thread (the app calls them on the FX thread); they are queued for the machine
 * thread. What the machine looks like comes back as {@link MachineSnapshot}s through the {@code ui} executor,
 * coalesced: never one task per event. Nothing here hands out a live simulator object.
 */
public final class LiveSession implements AutoCloseable {
    /** Events between two looks at the inbox, the pause button and the frame request while running. */
    static final int CHECK_EVERY = 512;
    /** How often the assembly tells its progress (a few times a second while a large guest is mapped). */
    static final long ASSEMBLY_PROGRESS_EVERY = 1 << 20;

    private final Thread thread;
    private final LinkedBlockingQueue<Task> inbox = new LinkedBlockingQueue<>();
    private final SnapshotMailbox mailbox;
    private final CopyOnWriteArrayList<SnapshotPart<?>> parts = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<MachineSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ReadOnlyObjectWrapper<MachineSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Breakpoints> breakpointsProperty = new ReadOnlyObjectWrapper<>(Breakpoints.NONE);
    private final ReadOnlyObjectWrapper<Speed> speedProperty = new ReadOnlyObjectWrapper<>(Speed.eventsPerSecond(200));
    private final List<CompletableFuture<MachineSnapshot>> waiting = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();
    private final Executor ui;
    private final ReadOnlyObjectWrapper<MachineFailure> failure = new ReadOnlyObjectWrapper<>();
    /** Events of the machine's assembly so far, while a large guest is mapped (UI thread). */
    private final javafx.beans.property.ReadOnlyLongWrapper assembling =
            new javafx.beans.property.ReadOnlyLongWrapper();
    private volatile TimelineBudget budget = TimelineBudget.ofThisHeap();
    /** {@code ASSEMBLY_PROGRESS_EVERY - 1} (or the tests' power of two): asked at every assembly event, so a mask. */
    private volatile long assemblyProgressMask = ASSEMBLY_PROGRESS_EVERY - 1;

    private volatile Selection selection = Selection.NONE;
    /** Makes the sink each new run (and each replay) feeds with every event from its start; NONE by default. */
    private volatile RunWatcher runWatcher = RunWatcher.NONE;
    private volatile Checkpoints checkpoints = Checkpoints.ofThisHeap();
    private volatile Breakpoints breakpoints = Breakpoints.NONE;
    private volatile Speed speed = Speed.eventsPerSecond(200);
    private volatile boolean pauseRequested;
    private volatile boolean closed;
    /** Commands issued (UI side) and taken (machine side); running while they differ. */
    private long issued;

    // ---- machine thread only
    private Topology topology;
    private long seed;
    private long generation;
    private ScenarioRun run;
    /** The sink {@link #runWatcher} made for {@link #run}. */
    private EventSink runSink = EventSink.NONE;
    /** Every event seen so far; kept across rewinds (the same file and seed always give the same timeline). */
    private TimelineIndex timeline = new TimelineIndex();
    /** The last events seen, by seq modulo the size: the event log describes these without a replay. */
    private final RecentEvents recent = new RecentEvents();
    private final List<StepOutcome> outcomes = new ArrayList<>();
    private int stepInProgress = -1;
    private TimelineEvent current;
    private Phase phase = Phase.SETUP;
    private StopRule rule = StopRule.nextEvent();
    private StopRule resume;
    private long taken;
    private int sinceCheck;
    private long paceStartWall;
    private long paceStartSeq;
    private long paceStartSim;
    private String message = "";
    /** Blocked waiting for commands (paused), as opposed to running with a look at the inbox now and then. */
    private boolean serving;
    private boolean abandoning;

    public LiveSession(Executor ui) {
        this.ui = ui;
        this.mailbox = new SnapshotMailbox(ui, this::deliver);
        this.thread = new Thread(this::machineLoop, "machine");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs the machine behind the window's threads from now on ({@link CpuPriority#backgroundCurrentThread}: idle
     * policy on a host with few cores, else nice 10): the window calls it, so a play at full speed leaves the JavaFX
     * thread and the renderer a core the moment they want one. Completes with whether it took.
     */
    public CompletableFuture<Boolean> lowerMachinePriority() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        post(false, () -> done.complete(CpuPriority.backgroundCurrentThread()));
        return done;
    }

    // ---------------------------------------------------------------- registration and output

    /** A view's part of every snapshot from now on; the current moment is captured again to include it. */
    public <T> SnapshotPart<T> register(SnapshotPart<T> part) {
        parts.addIfAbsent(part);
        post(false, this::recapture);
        return part;
    }

    /**
     * A sink made afresh for every run and replay, fed every event from the machine's assembly on, whether the
     * timeline is on or not: for captures that fold the whole run (a replay to an earlier moment rebuilds it as it
     * was then). A replay builds only the events the sink asks for: a sink that wants the rare records alone
     * ({@code EventSink.recordsEnabled}, not {@code enabled}) costs it no per-access event object.
     */
    public void watchRuns(Supplier<? extends EventSink> watcher) {
        watchRuns(RunWatcher.of(watcher));
    }

    /**
     * The same with a watcher whose sinks can be copied, so that a rewind resumes them from a checkpoint (a watcher
     * whose sinks cannot be copied turns checkpoints off: every rewind then replays from the start).
     */
    public void watchRuns(RunWatcher watcher) {
        this.runWatcher = watcher;
    }

    /** Called on the UI executor with each delivered snapshot, after {@link #snapshotProperty()} has it. */
    public void addListener(Consumer<MachineSnapshot> l) {
        listeners.add(l);
    }

    /** The newest snapshot delivered to the UI thread. */
    public ReadOnlyObjectProperty<MachineSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** The last time the machine could not go on (null until then); it holds no run afterwards (UI thread). */
    public ReadOnlyObjectProperty<MachineFailure> failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /**
     * While a file opens, how many events its machine's assembly has emitted so far, told every
     * {@value #ASSEMBLY_PROGRESS_EVERY} events: mapping a large guest takes a while, and the window says how far it is.
     */
    public javafx.beans.property.ReadOnlyLongProperty assemblingProperty() {
        return assembling.getReadOnlyProperty();
    }

    /** How often the assembly tells its progress (tests; a power of two). */
    void setAssemblyProgressEvery(long events) {
        if (Long.bitCount(events) != 1) {
            throw new IllegalArgumentException("a power of two, not " + events);
        }
        assemblyProgressMask = events - 1;
    }

    /** The heap bytes the timeline may take (tests; by default {@link TimelineBudget#HEAP_SHARE} of the heap). */
    void setTimelineBudget(long bytes, long lookEvery) {
        budget = new TimelineBudget(bytes, lookEvery);
    }

    /** The checkpoints' heap budget and spacing (tests; by default {@link Checkpoints#ofThisHeap()}). */
    void setCheckpoints(long maxBytes, long minEventsBetween) {
        post(false, () -> checkpoints = new Checkpoints(maxBytes, minEventsBetween));
    }

    /**
     * Keeps no checkpoint from the next {@link #open} on: every rewind replays from the machine's assembly, as the
     * session did before it had checkpoints (a harness's baseline in the same run).
     */
    public void disableCheckpoints() {
        post(false, () -> checkpoints = Checkpoints.disabled());
    }

    /** The boundaries (steps done) with a checkpoint now, and their heap estimate (tests, harnesses; any thread). */
    public CompletableFuture<String> checkpointSummary() {
        CompletableFuture<String> f = new CompletableFuture<>();
        inbox.add(new Task(false, () -> f.complete(checkpoints.steps() + " " + checkpoints.bytes() + " bytes")));
        return f;
    }

    /** True from a command that runs the machine until the machine is paused again (UI thread). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /**
     * Answers {@code question} on the machine thread at the current moment (paused, or at the next look while
     * running): for what is too big to capture every frame, such as the children of one tree node.
     */
    public <T> CompletableFuture<T> query(Function<PausedMachine, T> question) {
        CompletableFuture<T> f = new CompletableFuture<>();
        inbox.add(new Task(false, () -> {
            if (run == null) {
                f.completeExceptionally(new IllegalStateException("no scenario is open"));
                return;
            }
            try {
                // Answered in between the events of a command that runs on (serving is false), or standing still.
                f.complete(question.apply(paused(true, !serving)));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }));
        return f;
    }

    // ---------------------------------------------------------------- settings

    public ReadOnlyObjectProperty<Breakpoints> breakpointsProperty() {
        return breakpointsProperty.getReadOnlyProperty();
    }

    public void setBreakpoints(Breakpoints b) {
        breakpoints = b;
        breakpointsProperty.set(b);
    }

    public ReadOnlyObjectProperty<Speed> speedProperty() {
        return speedProperty.getReadOnlyProperty();
    }

    public void setSpeed(Speed s) {
        speed = s;
        speedProperty.set(s);
        post(false, this::restartPacing);
    }

    /** Captures the current moment again (a view changed what it wants to see, such as the log's window). */
    public void refresh() {
        post(false, this::recapture);
    }

    /** The selection captures are taken for; a change captures the moment again. */
    public void setSelection(Selection s) {
        if (!s.equals(selection)) {
            selection = s;
            post(false, this::recapture);
        }
    }

    // ---------------------------------------------------------------- commands

    /** A new scenario: a fresh run (events on from the machine's assembly), paused before step 0. */
    public CompletableFuture<MachineSnapshot> open(Topology t, long seed) {
        long g = opened.incrementAndGet();
        return command(() -> openAs(t, seed, g));
    }

    /** How many scenarios have been asked to open: the generation of the newest (snapshots carry theirs). */
    public long openedGeneration() {
        return opened.get();
    }

    private void openAs(Topology t, long seed, long g) {
        {
            abandonIfInside(() -> openAs(t, seed, g));
            topology = t;
            this.seed = seed;
            generation = g;
            timeline = new TimelineIndex();
            checkpoints.clear();
            startRun(true);
            keepCheckpoint(); // the machine just assembled: a rewind to the start never builds it again
            message = "";
            publishPaused();
        }
    }

    /** Back to before the first step (a replay of nothing: a fresh machine). */
    public CompletableFuture<MachineSnapshot> reset() {
        return command(() -> goBackTo(firstMoment()));
    }

    /** Step over: inside a step, to its end; at a boundary, the whole next step. */
    public CompletableFuture<MachineSnapshot> stepOver() {
        return command(() -> {
            if (run != null) {
                resume = StopRule.endOfStep(stepInProgress >= 0 ? stepInProgress : run.nextIndex());
            }
        });
    }

    /** Step into: the next event (one DMA write becomes its IOTLB lookup, each walk level, the A/D update). */
    public CompletableFuture<MachineSnapshot> stepInto() {
        return command(() -> resume = StopRule.nextEvent());
    }

    /** Step out: to the end of the step in progress (nothing to do at a boundary). */
    public CompletableFuture<MachineSnapshot> stepOut() {
        return command(() -> {
            if (stepInProgress >= 0) {
                resume = StopRule.endOfStep(stepInProgress);
            }
        });
    }

    /** Run until the migration phase changes (setup, each pre-copy round, stop-and-copy, resume, verification). */
    public CompletableFuture<MachineSnapshot> runToNextPhase() {
        return command(() -> {
            Phase from = phase;
            resume = new StopRule() {
                public boolean stopsAt(int step, long seq) {
                    return !phase.equals(from);
                }

                public boolean stopsAtBoundary(Moment here) {
                    return !phase.equals(from);
                }
            };
        });
    }

    /** Play at the chosen speed until paused, a breakpoint, or the end. */
    public CompletableFuture<MachineSnapshot> play() {
        return command(() -> resume = StopRule.untilEnd(true));
    }

    /** Run flat out until a breakpoint or the end. */
    public CompletableFuture<MachineSnapshot> runToEnd() {
        return command(() -> resume = StopRule.untilEnd(false));
    }

    /** Stops a running machine at the next look (within {@link #CHECK_EVERY} events or the step's end). */
    public void pause() {
        pauseRequested = true;
    }

    /** One step back: from inside a step to its start; from a boundary to the start of the step before. */
    public CompletableFuture<MachineSnapshot> stepBack() {
        return command(() -> {
            if (run == null) {
                return;
            }
            int target = stepInProgress >= 0 ? stepInProgress : Math.max(0, run.nextIndex() - 1);
            goBackTo(boundaryBefore(target));
        });
    }

    /** One event back (to the step's start, or the previous step's last event, when there is no earlier event). */
    public CompletableFuture<MachineSnapshot> eventBack() {
        return command(() -> {
            if (run == null) {
                return;
            }
            Moment here = moment();
            long seq = current != null ? here.seq() - 1 : here.seq();
            if (seq < 0 || timeline.stepOf(seq) < 0) {
                goBackTo(firstMoment());
                return;
            }
            goBackTo(new Moment(timeline.stepOf(seq), seq));
        });
    }

    /**
     * To the boundary before step {@code n} ({@code n} steps done; the number of steps is the end): ahead by running
     * on, behind by replay. For "go to step N" and a reopened moment.
     */
    public CompletableFuture<MachineSnapshot> goToStep(int n) {
        return command(() -> {
            if (run == null) {
                return;
            }
            int target = Math.max(0, Math.min(n, run.topology().steps().size()));
            if (stepInProgress >= 0 ? target <= stepInProgress : target < run.nextIndex()) {
                goBackTo(boundaryBefore(target));
            } else if (target > run.nextIndex() || stepInProgress >= 0) {
                resume = StopRule.endOfStep(target - 1);
            }
        });
    }

    /** Any moment: ahead by running on, behind by replay. */
    public CompletableFuture<MachineSnapshot> goTo(Moment target) {
        return command(() -> {
            if (run == null) {
                return;
            }
            Moment m = clamp(target);
            if (moment().compareTo(m) < 0) {
                resume = StopRule.at(m);
            } else if (!moment().equals(m)) {
                goBackTo(m);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    // ---------------------------------------------------------------- the machine thread

    private record Task(boolean control, Runnable body) {
    }

    private CompletableFuture<MachineSnapshot> command(Runnable body) {
        CompletableFuture<MachineSnapshot> done = new CompletableFuture<>();
        issued++;
        running.set(true);
        pauseRequested = false;
        inbox.add(new Task(true, () -> {
            taken++;
            message = "";
            synchronized (waiting) {
                waiting.add(done);
            }
            body.run();
        }));
        return done;
    }

    private void post(boolean control, Runnable body) {
        inbox.add(new Task(control, body));
    }

    private void machineLoop() {
        while (!closed) {
            Task task;
            try {
                task = inbox.take();
            } catch (InterruptedException e) {
                return;
            }
            Runnable next = task.body();
            while (next != null && !closed) {
                try {
                    serving = true;
                    next.run();
                    next = null;
                    if (task.control() && resume == null && run == null) {
                        fail("There is no machine to run: open a file."); // a failure dropped it
                    } else if (task.control() && resume == null) {
                        publishPaused(); // a command that did not move the machine still answers
                    }
                    serving = false;
                    while (resume != null) {
                        StopRule r = resume;
                        resume = null;
                        advance(r);
                    }
                } catch (Rewind r) {
                    stepInProgress = -1;
                    current = null;
                    next = r.then; // unwound out of the abandoned run; now do what was asked
                } catch (RuntimeException | StackOverflowError e) {
                    message = "The simulation stopped with an internal error: " + e;
                    next = null;
                    if (run == null) {
                        fail(message); // nothing to publish a moment of
                    } else {
                        safePublish();
                    }
                } catch (TimelineBudget.Exceeded e) {
                    next = null;
                    dropRun();
                    fail(e.message);
                } catch (OutOfMemoryError e) {
                    next = null;
                    dropRun(); // first: what follows needs the memory back
                    fail("The machine ran out of memory (a " + (Runtime.getRuntime().maxMemory() >> 20)
                            + " MiB heap) and was dropped. Start the window with a larger heap (java -Xmx…, see the "
                            + "README's Performance section) or open a smaller file.");
                } catch (Closing c) {
                    return;
                }
            }
        }
    }

    /** Lets go of the run and its timeline, so that their memory can be had again. */
    private void dropRun() {
        run = null;
        runSink = EventSink.NONE;
        checkpoints.clear();
        timeline = new TimelineIndex();
        recent.clear();
        outcomes.clear();
        stepInProgress = -1;
        current = null;
    }

    /**
     * Tells the window the machine cannot go on: the commands waiting for a moment end with the message, and the
     * window stops looking busy.
     */
    private void fail(String why) {
        List<CompletableFuture<MachineSnapshot>> done;
        synchronized (waiting) {
            done = new ArrayList<>(waiting);
            waiting.clear();
        }
        MachineFailure f = new MachineFailure(generation, why);
        ui.execute(() -> { // first: whoever waited on a command sees the window already told
            failure.set(f);
            running.set(false);
        });
        IllegalStateException e = new IllegalStateException(why);
        done.forEach(w -> w.completeExceptionally(e));
    }

    private void safePublish() {
        try {
            stepInProgress = -1;
            current = null;
            publishPaused();
        } catch (RuntimeException ignored) {
            // nothing more can be shown
        }
    }

    /** Runs steps until the rule (or a breakpoint, the pause button, the end) stops the machine at a boundary. */
    private void advance(StopRule r) {
        serving = false;
        rule = r;
        restartPacing();
        while (run != null) {
            if (!run.hasNext()) {
                if (message.isEmpty()) {
                    message = "At the end: all " + outcomes.size() + " steps have run";
                }
                publishPaused();
                return;
            }
            int k = run.nextIndex();
            stepInProgress = k;
            current = null;
            StepResult res = run.step();
            stepInProgress = -1;
            current = null;
            outcomes.add(StepOutcomes.of(res, run.migration()));
            message = "";
            keepCheckpoint();
            if (rule.stopsAtBoundary(moment()) || pauseRequested || !inbox.isEmpty() && inbox.peek().control()) {
                pauseRequested = false;
                publishPaused();
                return;
            }
            lookAround();
        }
    }

    /**
     * The timeline listener: every event, on the machine thread, in the middle of the simulator's work. The event
     * comes as its parts, and a {@link TimelineEvent} is built only when the machine stops in it or a frame or query
     * looks at it (see {@link RecentEvents}).
     */
    private final class Listener implements TimelineListener {
        @Override
        public void onEvent(TimelineEvent e) {
            onEvent(e.seq(), e.step(), e.timeNs(), e.event(), e.scope());
        }

        @Override
        public void onEvent(long seq, int step, long timeNs, SimEvent event, EventScope scope) {
            LiveSession.this.onEvent(seq, step, timeNs, event, scope);
        }
    }

    private void onEvent(long seq, int step, long timeNs, SimEvent event, EventScope scope) {
        if (abandoning) {
            return; // an event from a finally block on the way out of an abandoned run
        }
        if (closed) {
            // the window closed while the machine ran or played: leave the run now, not at its end
            abandoning = true;
            throw new Closing();
        }
        phase = phase.next(event);
        recent.add(seq, step, timeNs, event, scope);
        if (seq == timeline.size()) {
            timeline.onEvent(seq, step, timeNs, event, scope);
            budget.check(timeline);
        }
        if (step < 0) {
            if (((seq + 1) & assemblyProgressMask) == 0) {
                long n = seq + 1;
                ui.execute(() -> assembling.set(n));
            }
            return; // the machine's assembly: not a place to stop
        }
        boolean breakpoint = rule.honoursBreakpoints() && breakpoints.hits(event, scope);
        if (breakpoint || rule.stopsAt(step, seq)) {
            current = new TimelineEvent(seq, step, timeNs, event, scope);
            if (breakpoint) {
                message = "Breakpoint: " + current.kind().id() + " (" + current.kind().breakpoint().id() + ")";
            }
            pauseInside();
            return;
        }
        if (rule.paced()) {
            pace(seq, step, timeNs, event, scope);
        }
        if (++sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            current = new TimelineEvent(seq, step, timeNs, event, scope);
            if (pauseRequested || !inbox.isEmpty() && inbox.peek().control()) {
                pauseRequested = false;
                pauseInside();
                return;
            }
            lookAround();
        }
        current = null;
    }

    /** While running: answer queries, and take a frame when the screen is ready for one. */
    private void lookAround() {
        serving = false;
        Task t;
        while ((t = inbox.peek()) != null && !t.control()) {
            inbox.poll().body().run();
        }
        if (mailbox.frameWanted()) {
            publish(false);
        }
    }

    /** Paused inside an event: publish, then serve queries and commands until one resumes (or rewinds). */
    private void pauseInside() {
        publishPaused();
        serving = true;
        while (true) {
            Task t;
            try {
                t = inbox.take();
            } catch (InterruptedException ex) {
                throw new Closing();
            }
            t.body().run();
            if (resume != null) {
                rule = resume;
                resume = null;
                restartPacing();
                serving = false;
                current = null;
                return;
            }
            if (t.control()) {
                publishPaused(); // a command that did not move the machine still answers
            }
        }
    }

    private void pace(long seq, int step, long timeNs, SimEvent event, EventScope scope) {
        Speed s = speed;
        if (s.unit() == Speed.Unit.UNLIMITED) {
            return;
        }
        double seconds = s.unit() == Speed.Unit.EVENTS_PER_SECOND ? (seq - paceStartSeq) / s.rate()
                : (timeNs - paceStartSim) / s.rate();
        long due = paceStartWall + (long) (seconds * 1e9);
        long now;
        while ((now = System.nanoTime()) < due) {
            if (pauseRequested || closed || !inbox.isEmpty()) {
                // the check right after this event (or the next event, when closed) takes it: without this, the
                // machine ran up to CHECK_EVERY events unpaced before it saw a pause (PlayPacingTest caught 813
                // events in 1.5 s at 200 ev/s)
                sinceCheck = CHECK_EVERY;
                return;
            }
            if (mailbox.frameWanted()) {
                current = new TimelineEvent(seq, step, timeNs, event, scope);
                publish(false);
            }
            LockSupport.parkNanos(Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(8)));
        }
        sinceCheck = CHECK_EVERY; // slow play: look at the inbox after every event
    }

    private void restartPacing() {
        paceStartWall = System.nanoTime();
        paceStartSeq = run == null ? 0 : run.nextSeq();
        paceStartSim = run == null ? 0 : run.machine().clock().now();
    }

    // ---------------------------------------------------------------- rewind

    private Moment firstMoment() {
        return boundaryBefore(0);
    }

    private Moment boundaryBefore(int step) {
        return new Moment(step, timeline.firstSeqOfStep(step) - 1);
    }

    /** Clamps a requested moment to the known timeline (the machine's assembly counts as before step 0). */
    private Moment clamp(Moment m) {
        if (m.step() < 0 || m.seq() < timeline.firstSeqOfStep(0) - 1) {
            return firstMoment();
        }
        int last = topology.steps().size();
        if (m.step() > last) {
            return new Moment(last, Math.max(m.seq(), timeline.size() - 1));
        }
        return m;
    }

    /** Inside an event the run's stack is abandoned first; the rewind then starts from the top of the loop. */
    private void goBackTo(Moment target) {
        abandonIfInside(() -> goBackTo(target));
        Moment m = clamp(target);
        long start = System.nanoTime();
        Checkpoints.Entry from = checkpoints.atOrBefore(m.step());
        if (from != null) {
            resumeRun(from);
        } else {
            startRun(false);
        }
        while (run.hasNext() && run.nextIndex() < m.step()) {
            int k = run.nextIndex();
            stepInProgress = k;
            StepResult res = run.step();
            stepInProgress = -1;
            outcomes.add(StepOutcomes.of(res, run.migration()));
        }
        long first = timeline.firstSeqOfStep(run.nextIndex());
        run.setNextSeq(first);
        run.setTimelineOn(true);
        phase = first == 0 ? Phase.SETUP : timeline.phaseAt(first - 1);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        message = "Replayed from " + (from == null ? "the start" : "the checkpoint at step " + (from.step() + 1))
                + " to " + (m.seq() < first ? "the start of step " + (m.step() + 1)
                : "event " + m.seq() + " of step " + (m.step() + 1)) + " in " + ms + " ms (seed " + seed + ")";
        if (moment().compareTo(m) >= 0) {
            publishPaused();
        } else {
            resume = StopRule.at(m);
        }
    }


    private void abandonIfInside(Runnable then) {
        if (stepInProgress >= 0) {
            abandoning = true;
            throw new Rewind(then);
        }
    }

    private void startRun(boolean eventsOn) {
        abandoning = false;
        stepInProgress = -1;
        current = null;
        outcomes.clear();
        recent.clear();
        phase = Phase.SETUP;
        sinceCheck = 0;
        run = null;
        runSink = runWatcher.newRun();
        run = new ScenarioRun(topology, seed, runSink, new Listener(), eventsOn);
    }

    /** As {@link #startRun} with events off, but from a checkpoint: its machine, its watcher's sink, its outcomes. */
    private void resumeRun(Checkpoints.Entry from) {
        abandoning = false;
        stepInProgress = -1;
        current = null;
        outcomes.clear();
        outcomes.addAll(from.outcomes());
        recent.clear();
        phase = Phase.SETUP;
        sinceCheck = 0;
        run = null;
        runSink = runWatcher.restore(from.watcher());
        run = from.run().resume(runSink, new Listener(), false);
    }

    /** Freezes the run at this boundary (when its watcher's sink can be copied). */
    private void keepCheckpoint() {
        if (!checkpoints.wanted(run.nextIndex(), run.nextSeq())) {
            return;
        }
        EventSink saved = runWatcher.save(runSink);
        if (saved == null) {
            return; // the watcher cannot be copied: rewinds replay from the start
        }
        RunCheckpoint c = run.checkpoint();
        checkpoints.add(new Checkpoints.Entry(c.nextIndex(), c, saved, List.copyOf(outcomes), c.nextSeq(),
                c.copiedBytes() + c.sharedBytes()));
    }

    /** Unwinds the machine thread out of an abandoned run. */
    private static final class Rewind extends RunAbandoned {
        final Runnable then;

        Rewind(Runnable then) {
            super("rewind");
            this.then = then;
        }
    }

    private static final class Closing extends RunAbandoned {
        Closing() {
            super("closing");
        }
    }

    // ---------------------------------------------------------------- snapshots

    private Moment moment() {
        if (current != null) {
            return new Moment(current.step(), current.seq());
        }
        int next = run == null ? 0 : run.nextIndex();
        long last = run == null ? -1 : run.nextSeq() - 1;
        return new Moment(next, last);
    }

    /** {@code standing}: the machine stays at this moment (false: a frame taken while it plays on). */
    private PausedMachine paused(boolean standing) {
        return paused(standing, !standing);
    }

    /** {@code moving}: the machine moves on after this (a query answered while a command runs). */
    private PausedMachine paused(boolean standing, boolean moving) {
        Moment m = moment();
        TimelineEvent e = current;
        ScenarioRun r = run;
        Selection s = selection;
        TimelineIndex index = timeline;
        return new PausedMachine() {
            public TimelineIndex timeline() {
                return index;
            }

            public Optional<TimelineEvent> recentEvent(long seq) {
                return recent.get(seq);
            }

            public ScenarioRun run() {
                return r;
            }

            public Moment moment() {
                return m;
            }

            public Optional<TimelineEvent> event() {
                return Optional.ofNullable(e);
            }

            public Selection selection() {
                return s;
            }

            public boolean playing() {
                return !standing;
            }

            public boolean running() {
                return moving;
            }
        };
    }

    /** Captures the moment again (a new part, a new selection), paused or not as the machine is. */
    private void recapture() {
        publish(serving);
    }

    private void publishPaused() {
        publish(true);
    }

    private void publish(boolean paused) {
        if (run == null) {
            return;
        }
        PausedMachine pm = paused(paused);
        Map<SnapshotPart<?>, Object> captured = new LinkedHashMap<>();
        for (SnapshotPart<?> p : parts) {
            try {
                Object v = p.capture(pm);
                captured.put(p, v == null ? new MachineSnapshot.CaptureFailure("nothing captured") : v);
            } catch (RuntimeException e) {
                captured.put(p, new MachineSnapshot.CaptureFailure(String.valueOf(e)));
            }
        }
        int nextStep = stepInProgress >= 0 ? stepInProgress : run.nextIndex();
        MachineSnapshot s = new MachineSnapshot(generation, pm.moment(), current, paused, nextStep,
                outcomes, timeline.size(), run.machine().clock().now(), pm.selection(), taken, message, captured);
        if (paused) {
            List<CompletableFuture<MachineSnapshot>> done;
            synchronized (waiting) {
                done = new ArrayList<>(waiting);
                waiting.clear();
            }
            mailbox.offer(s);
            done.forEach(f -> f.complete(s));
        } else {
            mailbox.offer(s);
        }
    }

    /** UI thread. */
    private void deliver(MachineSnapshot s) {
        snapshot.set(s);
        running.set(!(s.paused() && s.commandsDone() == issued));
        for (Consumer<MachineSnapshot> l : listeners) {
            l.accept(s);
        }
    }
}

package io.ioptexplorer.viewmodel.scenario;

import io.ioptexplorer.hardware.explain.Why;
import io.ioptexplorer.hardware.explain.WhyRules;
import io.ioptexplorer.hardware.run.StepResult;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javafx.collections.ObservableMap;

import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.ResultField;
import io.ioptexplorer.viewmodel.live.SnapshotPart;
import io.ioptexplorer.viewmodel.live.StepOutcome;
import io.ioptexplorer.viewmodel.tracking.TrackingFeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open scenario as the step list, the caption and the result pane show it: its title, its steps and their
 * outcomes, and the commands to open, step, run and reset. The machine lives in the {@link LiveSession}; this view
 * model only reads the snapshots it publishes (UI thread). A file that does not load leaves the current scenario
 * exactly as it was and puts the located problems in {@link #problemProperty()}.
 */
public final class ScenarioViewModel {
    private final LiveSession session;
    private final Focus focus;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper narration = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper insideStep = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper nextStep = new ReadOnlyIntegerWrapper(0);
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<ComponentRow> components = FXCollections.observableArrayList();
    private final SnapshotPart<List<ComponentRow>> componentsPart = pm -> components(pm.run());

    private final TrackingFeed tracking;

    private Topology topology;
    /** A seed that replaces the file's (a reopened moment); null: the file's seed. */
    private Long seedOverride;
    /** The "why" explanations of each finished step, by step index, from the one catalog ({@link WhyRules}). */
    private final ObservableMap<Integer, List<Why>> whys = FXCollections.observableHashMap();
    private final SnapshotPart<Map<Integer, List<Why>>> whysPart = pm -> {
        Map<Integer, List<Why>> out = new HashMap<>();
        for (StepResult r : pm.run().results()) {
            List<Why> w = WhyRules.forStep(pm.run().topology(), r);
            if (!w.isEmpty()) {
                out.put(r.index(), w);
            }
        }
        return Map.copyOf(out);
    };
    /** The open whose snapshots are shown; older ones still on their way are ignored. */
    private volatile long generation;
    /** Step presses that arrived while a step was running: a presenter's clicker never loses one. */
    private int queuedSteps;
    private boolean stepping;

    public ScenarioViewModel(LiveSession session, Focus focus) {
        this.session = session;
        this.focus = focus;
        session.register(componentsPart);
        session.register(whysPart);
        tracking = new TrackingFeed(session);
        session.addListener(this::show);
        session.failureProperty().addListener((o, was, f) -> {
            if (f != null && f.generation() == generation) {
                stepping = false;
                queuedSteps = 0;
                problem.set(f.message());
                status.set("Stopped: " + f.message());
            }
        });
        session.assemblingProperty().addListener((o, was, n) -> {
            if (status.get().startsWith(BUILDING)) {
                status.set(building + String.format(" %.1f M events so far", n.longValue() / 1e6));
            }
        });
        busy.bind(session.runningProperty());
        focus.setNavigator(session::goTo);
        focus.selectionProperty().addListener((o, a, b) -> session.setSelection(b));
    }

    public LiveSession session() {
        return session;
    }

    public Focus focus() {
        return focus;
    }

    /** Lanes, rounds, FSM arcs and topology of the moment on screen, for the tracking and migration views. */
    public TrackingFeed tracking() {
        return tracking;
    }

    // ---- loading

    /** Loads YAML text (a bundled sample or a file's contents); false when it has problems (see {@link #problemProperty()}). */
    public boolean loadText(String name, String text) {
        return loadText(name, text, null);
    }

    /** As {@link #loadText(String, String)}, run with {@code seed} instead of the file's (null: the file's). */
    public boolean loadText(String name, String text, Long seed) {
        try {
            Topology t = TopologyLoader.load(name, text);
            seedOverride = seed;
            install(t, name);
            return true;
        } catch (TopologyException e) {
            reject(e);
            return false;
        }
    }

    public boolean loadFile(Path path) {
        return loadFile(path, null);
    }

    /** As {@link #loadFile(Path)}, run with {@code seed} instead of the file's (null: the file's). */
    public boolean loadFile(Path path, Long seed) {
        try {
            Topology t = TopologyLoader.load(path);
            seedOverride = seed;
            install(t, path.toString());
            return true;
        } catch (TopologyException e) {
            reject(e);
            return false;
        }
    }

    private void reject(TopologyException e) {
        problem.set(e.getMessage());
        status.set("Not opened: " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                + "; the current scenario is unchanged");
    }

    /** The status line once the machine of the file just opened stands. */
    private String opened = "";
    private static final String BUILDING = "Building the machine from ";
    /** The status line until it stands. */
    private String building = "";

    private void install(Topology t, String from) {
        topology = t;
        problem.set("");
        title.set(t.name());
        description.set(t.description());
        source.set(from);
        queuedSteps = 0;
        List<StepRow> rows = new ArrayList<>();
        for (Step s : t.steps()) {
            rows.add(new StepRow(s.index(), s.op(), s.location().toString(), s.narrate() == null ? "" : s.narrate(),
                    StepRow.Status.PENDING, null));
        }
        steps.setAll(rows);
        components.clear();
        nextStep.set(0);
        narration.set(rows.isEmpty() ? "" : rows.get(0).narrate());
        focus.clearHistory();
        opened = "Opened " + from + ": " + t.steps().size() + (t.steps().size() == 1 ? " step" : " steps");
        // A large guest takes a while to map (the 64 GiB sample maps 16 M leaves): say so until the machine stands.
        building = BUILDING + from + " (mapping the guest's memory, attaching its devices)…";
        status.set(building);
        whys.clear();
        // Set before the machine can answer: a machine that delivers inline (tests) or fast would otherwise have its
        // first snapshot of this file dropped as "old". Files are opened from one thread, so +1 is this open's.
        generation = session.openedGeneration() + 1;
        session.open(t, ScenarioRun.seedFor(t, seedOverride));
    }

    // ---- what the machine published (UI thread)

    private void show(MachineSnapshot s) {
        if (s.generation() != generation) {
            return;
        }
        Map<Integer, List<Why>> w = s.part(whysPart);
        if (w != null && !w.equals(whys)) { // before the rows: a changed row redraws the result with its why
            whys.keySet().retainAll(w.keySet());
            whys.putAll(w);
        }
        List<StepOutcome> done = s.outcomes();
        int inside = s.atBoundary() ? -1 : s.event().step();
        for (int i = 0; i < steps.size(); i++) {
            StepRow old = steps.get(i);
            StepOutcome o = i < done.size() ? done.get(i) : null;
            StepRow.Status st = o != null ? (o.ok() ? StepRow.Status.OK : StepRow.Status.FAILED)
                    : i == inside ? StepRow.Status.CURRENT : StepRow.Status.PENDING;
            if (old.status() != st || old.outcome() != o) {
                steps.set(i, new StepRow(old.index(), old.op(), old.location(), old.narrate(), st, o));
            }
        }
        List<ComponentRow> c = s.part(componentsPart);
        if (c != null && !c.equals(components)) {
            components.setAll(c);
        }
        insideStep.set(inside >= 0);
        nextStep.set(s.nextStep());
        int captionOf = inside >= 0 ? inside : s.nextStep();
        narration.set(captionOf < steps.size() ? steps.get(captionOf).narrate() : "");
        focus.arrived(s.moment());
        status.set(statusLine(s, done, inside));
        if (s.paused() && !session.runningProperty().get()) {
            stepping = false;
            if (queuedSteps > 0) {
                queuedSteps--;
                stepForward();
            }
        }
    }

    private String statusLine(MachineSnapshot s, List<StepOutcome> done, int inside) {
        if (!s.message().isEmpty()) {
            return s.message();
        }
        if (inside >= 0) {
            return "Inside step " + (inside + 1) + " of " + steps.size() + " — " + steps.get(inside).op()
                    + " — event " + s.event().seq() + ": " + s.event().kind().id();
        }
        if (done.isEmpty()) {
            return opened;
        }
        StepOutcome r = done.get(done.size() - 1);
        return (r.ok() ? "Step " : "Step failed: ") + (r.index() + 1) + " of " + steps.size() + " — " + r.op()
                + (r.ok() ? "" : " — " + String.join("; ", r.failures()));
    }

    private static List<ComponentRow> components(ScenarioRun run) {
        List<ComponentRow> out = new ArrayList<>();
        var vm = run.topology().vm();
        out.add(new ComponentRow("VM", "guest", Units.formatSize(vm.memory()) + " memory, " + vm.vcpus()
                + " vCPU" + (vm.vcpus() == 1 ? "" : "s") + ", backed by " + Units.formatSize(vm.hugepages())
                + " pages"));
        for (IommuUnit u : run.machine().units()) {
            out.add(new ComponentRow("IOMMU", u.id(), u.model().description() + ", " + u.format().name() + ", "
                    + (u.dirtyTrackingCapable() ? "dirty tracking" : u.hardwareDirtyTracking()
                    ? "hardware A/D but no upstream dirty ops" : "no dirty tracking") + ", IOTLB "
                    + u.iotlb().entries() + "×" + u.iotlb().ways() + "-way"));
        }
        for (MachineDevice d : run.machine().devices()) {
            out.add(new ComponentRow("device", d.id(), d.spec().kind().key() + " behind " + d.spec().unitId()
                    + (d.tracker() != null ? ", own dirty tracker" : "")));
        }
        for (var d : run.topology().devices()) {
            if (d.iommu().isEmpty()) {
                out.add(new ComponentRow("device", d.id(), "emulated, pinned pages (legacy type1)"));
            }
        }
        return out;
    }

    // ---- commands

    public boolean canStep() {
        return topology != null && nextStep.get() < steps.size() && !busy.get();
    }

    public boolean canStepBack() {
        return topology != null && (nextStep.get() > 0 || insideStep.get()) && !busy.get();
    }

    /**
     * Step over: the next step whole (or the rest of the one the machine is paused in). A press while a step is
     * running is remembered and runs right after it.
     */
    public CompletableFuture<MachineSnapshot> stepForward() {
        if (topology == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (stepping && busy.get()) {
            if (nextStep.get() + queuedSteps + 1 < steps.size()) {
                queuedSteps++;
            }
            return CompletableFuture.completedFuture(null);
        }
        if (nextStep.get() >= steps.size() && !insideStep.get()) {
            return CompletableFuture.completedFuture(null);
        }
        stepping = true;
        return session.stepOver();
    }

    public CompletableFuture<MachineSnapshot> stepBack() {
        queuedSteps = 0;
        return session.stepBack();
    }

    public CompletableFuture<MachineSnapshot> runToEnd() {
        queuedSteps = 0;
        return session.runToEnd();
    }

    /** To the boundary before step {@code stepsDone} (0: the start; the number of steps: the end). */
    public CompletableFuture<MachineSnapshot> goTo(int stepsDone) {
        queuedSteps = 0;
        return session.goToStep(stepsDone);
    }

    /**
     * Reads the run on the machine's thread (the only one that touches it), paused where it is, and hands back what
     * {@code read} made of it: for exports such as the JSON report.
     */
    public <T> CompletableFuture<T> onSimulation(Function<ScenarioRun, T> read) {
        if (topology == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no scenario is open"));
        }
        return session.query(pm -> read.apply(pm.run()));
    }

    /** The "why" explanations of each finished step, by step index; absent for steps not run or with none. */
    public ObservableMap<Integer, List<Why>> whys() {
        return whys;
    }

    /** The seed the current run uses. */
    public long seed() {
        return topology == null ? 0 : ScenarioRun.seedFor(topology, seedOverride);
    }

    /** Back to before the first step: a fresh machine with the same seed, so the replay is identical. */
    public CompletableFuture<MachineSnapshot> reset() {
        queuedSteps = 0;
        return session.reset();
    }

    // ---- properties

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty descriptionProperty() {
        return description.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** The caption of the step the machine is in or runs next (the guided tour's text). */
    public ReadOnlyStringProperty narrationProperty() {
        return narration.getReadOnlyProperty();
    }

    /** Problems of the last file that failed to open, one {@code file:line:column: message} per line; "" if none. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while the machine runs a command. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True while the machine is paused inside a step (after step into, a breakpoint, a click in the log). */
    public ReadOnlyBooleanProperty insideStepProperty() {
        return insideStep.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty nextStepProperty() {
        return nextStep.getReadOnlyProperty();
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    /**
     * The last step before step {@code index} (0-based) that read a dirty bitmap, for the Dirty bitmap tab when the
     * selected step read none (stopping tracking, a migration): what was read last is what the user looks for.
     */
    public java.util.Optional<StepRow> latestBitmapBefore(int index) {
        for (int i = Math.min(index, steps.size()) - 1; i >= 0; i--) {
            ResultField f = steps.get(i).field("bitmap");
            if (f != null && f.bitmap() != null) {
                return java.util.Optional.of(steps.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    public ObservableList<ComponentRow> components() {
        return components;
    }

    public Topology topology() {
        return topology;
    }

    public void clearProblem() {
        problem.set("");
    }
}

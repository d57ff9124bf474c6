package io.ioptexplorer.viewmodel.scenario;

import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.hardware.vmm.MigrationResult;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import io.ioptexplorer.viewmodel.tracking.TrackingFeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.IntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open scenario: its machine, its steps and their results, and the commands to open, step, run and reset.
 *
 * <p>The simulation runs on the {@code simulation} executor (one background thread in the app), never on the UI
 * thread; each finished step is published once through the {@code ui} executor, so the window gets one update per
 * step, not one per event. A file that does not load leaves the current scenario exactly as it was and puts the
 * located problems in {@link #problemProperty()}.
 */
public final class ScenarioViewModel {
    private final Executor simulation;
    private final Executor ui;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper description = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper narration = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final IntegerProperty nextStep = new SimpleIntegerProperty(0);
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<ComponentRow> components = FXCollections.observableArrayList();

    private final TrackingFeed tracking;

    private Topology topology;
    private ScenarioRun run;
    /** Step presses that arrived while a step was running. */
    private int queuedSteps;
    private boolean runningToEnd;

    public ScenarioViewModel(Executor simulation, Executor ui) {
        // Whatever goes wrong on the simulation thread ends up in the status line and frees the controls.
        this.simulation = task -> simulation.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                ui.execute(() -> {
                    busy.set(false);
                    status.set("The simulation stopped with an internal error: " + e);
                });
            }
        });
        this.ui = ui;
        this.tracking = new TrackingFeed(ui);
    }

    /** Lanes, rounds and FSM arcs of the run, for the tracking and migration views (published per round). */
    public TrackingFeed tracking() {
        return tracking;
    }

    // ---- loading

    /** Loads YAML text (a bundled sample or a file's contents); false when it has problems (see {@link #problemProperty()}). */
    public boolean loadText(String name, String text) {
        try {
            install(TopologyLoader.load(name, text), name);
            return true;
        } catch (TopologyException e) {
            reject(e);
            return false;
        }
    }

    public boolean loadFile(Path path) {
        try {
            install(TopologyLoader.load(path), path.toString());
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

    private void install(Topology t, String from) {
        if (busy.get()) {
            problem.set("A step is still running; open the file again when it has finished.");
            return;
        }
        topology = t;
        problem.set("");
        title.set(t.name());
        description.set(t.description());
        source.set(from);
        restart();
        status.set("Opened " + from + ": " + t.steps().size() + (t.steps().size() == 1 ? " step" : " steps"));
    }

    /** Back to before the first step: a fresh machine with the same seed, so the replay is identical. */
    public void reset() {
        if (topology == null || busy.get()) {
            return;
        }
        restart();
        status.set("Reset to the start");
    }

    private void restart() {
        queuedSteps = 0;
        run = new ScenarioRun(topology, ScenarioRun.seedFor(topology, null), tracking.newRun());
        tracking.attach(run.machine());
        List<StepRow> rows = new ArrayList<>();
        for (Step s : topology.steps()) {
            rows.add(new StepRow(s.index(), s.op(), s.location().toString(), s.narrate() == null ? "" : s.narrate(),
                    StepRow.Status.PENDING, Map.of(), "", List.of(), List.of(), ""));
        }
        steps.setAll(rows);
        components.setAll(components(run));
        nextStep.set(0);
        narration.set(rows.isEmpty() ? "" : rows.get(0).narrate());
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

    // ---- running

    public boolean canStep() {
        return run != null && run.hasNext() && !busy.get();
    }

    /**
     * Runs the next step on the simulation thread. A press while a step is running is remembered and runs right
     * after it, so a presenter tapping a clicker never loses a step.
     */
    public void stepForward() {
        if (run != null && busy.get() && !runningToEnd && nextStep.get() + queuedSteps + 1 < steps.size()) {
            queuedSteps++;
            return;
        }
        if (!canStep()) {
            return;
        }
        busy.set(true);
        ScenarioRun current = run;
        simulation.execute(() -> {
            StepResult r = current.step();
            tracking.stepDone();
            ui.execute(() -> {
                publish(current, List.of(r));
                busy.set(false);
                if (queuedSteps > 0 && current == run) {
                    queuedSteps--;
                    stepForward();
                }
            });
        });
    }

    public boolean canStepBack() {
        return run != null && nextStep.get() > 0 && !busy.get();
    }

    /**
     * One step back. The simulation is deterministic, so going back means replaying from a fresh machine with the
     * same seed up to the step before; the replay runs on the simulation thread like any step.
     */
    public void stepBack() {
        if (!canStepBack()) {
            return;
        }
        int target = nextStep.get() - 1;
        restart();
        if (target == 0) {
            status.set("Back to the start");
            return;
        }
        busy.set(true);
        ScenarioRun current = run;
        simulation.execute(() -> {
            List<StepResult> replayed = new ArrayList<>();
            while (current.nextIndex() < target) {
                replayed.add(current.step());
            }
            tracking.stepDone();
            ui.execute(() -> {
                publish(current, replayed);
                busy.set(false);
                status.set("Back to step " + target + " of " + steps.size() + " (replayed with seed "
                        + current.seed() + ")");
            });
        });
    }

    /** Runs every remaining step on the simulation thread; the window updates as each one finishes. */
    public void runToEnd() {
        if (!canStep()) {
            return;
        }
        busy.set(true);
        runningToEnd = true;
        queuedSteps = 0;
        ScenarioRun current = run;
        simulation.execute(() -> {
            while (current.hasNext() && current == run) {
                StepResult r = current.step();
                tracking.stepDone();
                ui.execute(() -> publish(current, List.of(r)));
            }
            ui.execute(() -> {
                busy.set(false);
                runningToEnd = false;
            });
        });
    }

    private void publish(ScenarioRun from, List<StepResult> results) {
        if (from != run) {
            return; // a reset or a new file replaced the run meanwhile
        }
        for (StepResult r : results) {
            String message = r.errno() != null ? r.errno() + ": " + r.error() : r.error() == null ? "" : r.error();
            StepRow old = steps.get(r.index());
            List<RoundRow> rounds = new ArrayList<>();
            String verification = "";
            MigrationResult m = r.op().equals("migrate") ? from.migration() : null;
            if (m != null) {
                for (RoundMetrics x : m.rounds()) {
                    rounds.add(new RoundRow(x.round(), x.dirtyPages(), x.truePages(), x.pagesSent(), x.durationNs(),
                            x.estimatedDowntimeNs()));
                }
                verification = verificationLine(m);
            }
            steps.set(r.index(), new StepRow(old.index(), old.op(), old.location(), old.narrate(),
                    r.ok() ? StepRow.Status.OK : StepRow.Status.FAILED, r.result(), message, r.failures(), rounds,
                    verification));
            nextStep.set(r.index() + 1);
            narration.set(r.index() + 1 < steps.size() ? steps.get(r.index() + 1).narrate() : "");
            status.set((r.ok() ? "Step " : "Step failed: ") + (r.index() + 1) + " of " + steps.size() + " — "
                    + r.op() + (r.ok() ? "" : " — " + String.join("; ", r.failures())));
        }
    }

    private static String verificationLine(MigrationResult m) {
        if (m.verification() == null) {
            return "No verification: the migration did not complete (" + m.result().name().toLowerCase() + ").";
        }
        var v = m.verification();
        if (v.mismatches() == 0) {
            return "Destination verified: all " + v.pagesCompared() + " pages match the source.";
        }
        StringBuilder b = new StringBuilder(v.mismatches() + " of " + v.pagesCompared()
                + " pages LOST (destination differs from source), first at");
        v.lostIovas().stream().limit(4).forEach(iova -> b.append(String.format(" 0x%x", iova)));
        return b.append(v.lostIovas().size() > 4 ? " …" : "").toString();
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

    /** The caption of the next step to run (the guided tour's text). */
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

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public IntegerProperty nextStepProperty() {
        return nextStep;
    }

    public ObservableList<StepRow> steps() {
        return steps;
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

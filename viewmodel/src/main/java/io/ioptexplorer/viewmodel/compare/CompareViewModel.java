package io.ioptexplorer.viewmodel.compare;

import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Two runs of one topology side by side, the same seed, one setting changed ({@code --set KEY=VALUE} on each side):
 * they step together on the simulation thread, and after each step the window gets both step lists, both runs' lanes
 * and migration rounds ({@link TrackingSnapshot}s, as the explorer's tabs read them) and the figures with their
 * differences as one immutable update. A setting that does not load says where and why and leaves the
 * comparison as it was.
 */
public final class CompareViewModel {
    private final Executor simulation;
    private final Executor ui;
    private final ObservableList<String> left = FXCollections.observableArrayList();
    private final ObservableList<String> right = FXCollections.observableArrayList();
    private final ObservableList<Figure> figures = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper position = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<TrackingSnapshot> leftTracking =
            new ReadOnlyObjectWrapper<>(TrackingSnapshot.EMPTY);
    private final ReadOnlyObjectWrapper<TrackingSnapshot> rightTracking =
            new ReadOnlyObjectWrapper<>(TrackingSnapshot.EMPTY);
    private ScenarioRun leftRun;
    private ScenarioRun rightRun;
    private TrackingRecorder leftRecorder;
    private TrackingRecorder rightRecorder;

    public CompareViewModel(Executor simulation, Executor ui) {
        this.simulation = simulation;
        this.ui = ui;
    }

    /**
     * Loads {@code yaml} twice, once with each list of overrides, both with the file's seed. False (and
     * {@link #problemProperty()} says why, naming the side) when either does not load.
     */
    public boolean load(String name, String yaml, List<String> leftSettings, List<String> rightSettings) {
        if (busy.get()) {
            problem.set("The runs are still stepping; try again when they have finished.");
            return false;
        }
        Topology a;
        Topology b;
        try {
            a = TopologyLoader.load(name, yaml, leftSettings);
        } catch (TopologyException e) {
            problem.set("Left (" + String.join(", ", leftSettings) + "): " + e.getMessage());
            return false;
        }
        try {
            b = TopologyLoader.load(name, yaml, rightSettings);
        } catch (TopologyException e) {
            problem.set("Right (" + String.join(", ", rightSettings) + "): " + e.getMessage());
            return false;
        }
        long seed = ScenarioRun.seedFor(a, null);
        leftRecorder = new TrackingRecorder(null, null);
        rightRecorder = new TrackingRecorder(null, null);
        leftRun = new ScenarioRun(a, seed, leftRecorder);
        rightRun = new ScenarioRun(b, seed, rightRecorder);
        leftRecorder.attach(leftRun.machine());
        rightRecorder.attach(rightRun.machine());
        problem.set("");
        title.set(a.name() + " (seed " + seed + "): " + label(leftSettings) + "  vs  " + label(rightSettings));
        left.clear();
        right.clear();
        figures.clear();
        leftTracking.set(TrackingSnapshot.EMPTY);
        rightTracking.set(TrackingSnapshot.EMPTY);
        position.set(0);
        return true;
    }

    private static String label(List<String> settings) {
        return settings.isEmpty() ? "as written" : String.join(", ", settings);
    }

    /** Both machines run their next step. */
    public void stepBoth() {
        advance(1);
    }

    /** Both machines run every remaining step. */
    public void runBoth() {
        advance(Integer.MAX_VALUE);
    }

    private void advance(int steps) {
        if (leftRun == null || busy.get() || !(leftRun.hasNext() || rightRun.hasNext())) {
            return;
        }
        busy.set(true);
        ScenarioRun a = leftRun;
        ScenarioRun b = rightRun;
        TrackingRecorder ra = leftRecorder;
        TrackingRecorder rb = rightRecorder;
        simulation.execute(() -> {
            List<String> doneA = new ArrayList<>();
            List<String> doneB = new ArrayList<>();
            RuntimeException failed = null;
            try {
                for (int i = 0; i < steps && (a.hasNext() || b.hasNext()); i++) {
                    if (a.hasNext()) {
                        doneA.add(line(a.step()));
                    }
                    if (b.hasNext()) {
                        doneB.add(line(b.step()));
                    }
                }
            } catch (RuntimeException e) {
                failed = e;
            }
            List<Figure> now = RunFigures.compare(RunFigures.of(a), RunFigures.of(b));
            TrackingSnapshot ta = ra.snapshot();
            TrackingSnapshot tb = rb.snapshot();
            int at = Math.max(a.nextIndex(), b.nextIndex());
            RuntimeException error = failed;
            ui.execute(() -> {
                busy.set(false);
                if (a != leftRun) {
                    return; // reloaded meanwhile
                }
                left.addAll(doneA);
                right.addAll(doneB);
                figures.setAll(now);
                leftTracking.set(ta);
                rightTracking.set(tb);
                position.set(at);
                if (error != null) {
                    problem.set("The simulation stopped with an internal error: " + error);
                }
            });
        });
    }

    /** A step in one line: number, operation, ok or the errno, and its results. */
    static String line(StepResult r) {
        StringBuilder b = new StringBuilder().append(r.index() + 1).append(". ").append(r.op());
        if (r.errno() != null) {
            b.append("  ").append(r.errno());
        }
        b.append(r.ok() ? "" : "  FAILED");
        for (Map.Entry<String, Object> e : r.result().entrySet()) {
            Object v = e.getValue();
            if (v instanceof io.ioptexplorer.hardware.run.BitmapValue bm) {
                continue; // dirty-bits says it in one number
            }
            b.append("  ").append(e.getKey()).append('=').append(
                    io.ioptexplorer.hardware.run.ResultFormat.readable(e.getKey(), v));
        }
        return b.toString();
    }

    public ObservableList<String> leftSteps() {
        return left;
    }

    public ObservableList<String> rightSteps() {
        return right;
    }

    /** The compared figures after the last step, right minus left in {@link Figure#difference()}. */
    public ObservableList<Figure> figures() {
        return figures;
    }

    /** The left run's lanes, migrations and topology after the last step. */
    public ReadOnlyObjectProperty<TrackingSnapshot> leftTrackingProperty() {
        return leftTracking.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TrackingSnapshot> rightTrackingProperty() {
        return rightTracking.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Steps done by the longer of the two runs. */
    public ReadOnlyIntegerProperty positionProperty() {
        return position.getReadOnlyProperty();
    }
}

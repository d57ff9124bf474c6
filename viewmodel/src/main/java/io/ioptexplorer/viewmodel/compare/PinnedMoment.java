package io.ioptexplorer.viewmodel.compare;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.DirtyLeaves;
import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.viewmodel.pagetable.PinBaseline;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * Pin a moment of the open scenario and compare it with now. The pinned machine is not kept: the run is
 * deterministic, so the comparison replays a fresh machine with the same topology and seed to the pinned step on the
 * simulation thread and diffs the two report trees.
 */
public final class PinnedMoment {
    private final ScenarioViewModel scenario;
    private final ReadOnlyIntegerWrapper pinned = new ReadOnlyIntegerWrapper(-1);

    public PinnedMoment(ScenarioViewModel scenario) {
        this.scenario = scenario;
        // A different file or seed makes the pin meaningless.
        scenario.sourceProperty().addListener((o, a, b) -> pinned.set(-1));
    }

    /** Pins the current moment (the steps done so far). */
    public void pin() {
        pinned.set(scenario.nextStepProperty().get());
    }

    /** Steps done at the pinned moment, or -1 when nothing is pinned. */
    public ReadOnlyIntegerProperty pinnedProperty() {
        return pinned.getReadOnlyProperty();
    }

    /**
     * What differs between the pinned moment and now: the report's values, listed, and the pinned machine's page
     * tables and IOTLBs, for the views to highlight (see {@code PageTableViewModel.compareWith}), and its Dirty bits
     * against now's (the Dirty bitmap tab and the lanes mark them).
     */
    public record Comparison(List<ReportDiff.Change> changes, PinBaseline baseline, DirtyDifference dirty) {
    }

    /** The values that differ between the pinned moment and now (empty list: the same). */
    public CompletableFuture<List<ReportDiff.Change>> compareWithNow() {
        return compare().thenApply(Comparison::changes);
    }

    /** The values that differ, and the pinned moment's tables and IOTLBs, read from one replay. */
    public CompletableFuture<Comparison> compare() {
        int at = pinned.get();
        if (at < 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("no moment is pinned: pin one first"));
        }
        return scenario.onSimulation(now -> {
            ScenarioRun then = new ScenarioRun(now.topology(), now.seed(), EventSink.NONE);
            while (then.nextIndex() < at && then.hasNext()) {
                then.step();
            }
            return new Comparison(ReportDiff.between(RunReport.tree(then), RunReport.tree(now)),
                    PinBaseline.capture(then.machine(), at),
                    DirtyDifference.between(at, DirtyLeaves.of(then.machine()), now.nextIndex(),
                            DirtyLeaves.of(now.machine())));
        });
    }

    /**
     * The same pinned Dirty bits against the machine as it is now (after stepping on): the pinned side is kept,
     * only now's is read again, on the simulation thread.
     */
    public CompletableFuture<DirtyDifference> dirtyAgainstNow(DirtyDifference compared) {
        return scenario.onSimulation(now -> DirtyDifference.between(compared.pinnedStep(), compared.pinned(),
                now.nextIndex(), DirtyLeaves.of(now.machine())));
    }
}

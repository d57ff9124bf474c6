package io.ioptexplorer.viewmodel.live;

import static io.ioptexplorer.viewmodel.live.Sessions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A machine that cannot go on (its timeline over budget, or the heap exhausted) says why, lets go of its run and
 * stops looking busy; the next file opens as if nothing had happened.
 */
class MachineFailureTest extends SessionTest {
    private static final String SAMPLE = "type1-emulated-pinned.yaml";
    @Test
    void aTimelineOverItsBudgetStopsTheOpenWithAMessageAndTheNextOpenWorks() throws Exception {
        session = new LiveSession(Sessions.UI);
        session.setTimelineBudget(1, 2); // one byte, looked at every 2 events: the assembly outgrows it
        Topology tour = Sessions.sample(SAMPLE);
        CompletableFuture<MachineSnapshot> open = session.open(tour, ScenarioRun.seedFor(tour, null));
        assertThatThrownBy(() -> open.get(120, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("timeline outgrew the window's memory").hasMessageContaining("-Xmx");
        MachineFailure f = failureSeen();
        assertThat(f.generation()).isEqualTo(session.openedGeneration());
        assertThat(f.message()).contains(" 2 events so far");
        assertThat(onUi(() -> session.runningProperty().get())).isFalse();
        // a command after the failure answers too, instead of waiting for a machine that is not there
        assertThatThrownBy(() -> session.stepOver().get(120, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);

        session.setTimelineBudget(Long.MAX_VALUE, TimelineBudget.LOOK_EVERY);
        MachineSnapshot s = await(session.open(tour, ScenarioRun.seedFor(tour, null)));
        assertThat(s.nextStep()).isZero();
        assertThat(await(session.stepOver()).outcomes()).hasSize(1);
    }

    @Test
    void runningOutOfHeapDropsTheRunSaysSoAndTheNextOpenWorks() throws Exception {
        session = new LiveSession(Sessions.UI);
        AtomicBoolean exhaust = new AtomicBoolean(true);
        // the sink each run is fed from its assembly on stands in for an allocation that finds no heap left
        session.watchRuns(() -> new EventSink() {
            private int seen;

            @Override
            public void emit(SimEvent event) {
                if (exhaust.get() && ++seen == 5) {
                    throw new OutOfMemoryError("Java heap space (test)");
                }
            }
        });
        Topology tour = Sessions.sample(SAMPLE);
        CompletableFuture<MachineSnapshot> open = session.open(tour, ScenarioRun.seedFor(tour, null));
        assertThatThrownBy(() -> open.get(120, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("ran out of memory").hasMessageContaining("larger heap");
        assertThat(failureSeen().message()).contains("MiB heap");
        assertThat(onUi(() -> session.runningProperty().get())).isFalse();

        exhaust.set(false);
        MachineSnapshot s = await(session.open(tour, ScenarioRun.seedFor(tour, null)));
        assertThat(s.nextStep()).isZero();
        assertThat(s.timelineSize()).isPositive();
    }

    @Test
    void aLargeAssemblyTellsHowFarItIs() throws Exception {
        session = new LiveSession(Sessions.UI);
        session.setAssemblyProgressEvery(2);
        java.util.List<Long> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        onUi(() -> {
            session.assemblingProperty().addListener((o, was, n) -> told.add(n.longValue()));
            return null;
        });
        Topology t = Sessions.sample(SAMPLE); // its assembly: the container, the guest memory mapped
        MachineSnapshot s = await(session.open(t, ScenarioRun.seedFor(t, null)));
        onUi(() -> null);
        assertThat(told).isNotEmpty().allSatisfy(n -> assertThat(n % 2).isZero())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(s.timelineSize()));
        assertThat(told).isSorted();
        assertThat(told.get(told.size() - 1)).isGreaterThan(s.timelineSize() - 2);
    }

    private MachineFailure failureSeen() throws Exception {
        return onUi(() -> session.failureProperty().get());
    }

    /** Reads on the session's UI thread, after what the machine handed it so far. */
    private static <T> T onUi(java.util.concurrent.Callable<T> read) throws Exception {
        return Sessions.UI.submit(read).get(10, TimeUnit.SECONDS);
    }
}

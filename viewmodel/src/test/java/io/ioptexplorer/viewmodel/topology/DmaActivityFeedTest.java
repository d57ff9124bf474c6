package io.ioptexplorer.viewmodel.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.Selection;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The DMA traffic the topology's arrows light up for: dma-access events between two published moments. */
class DmaActivityFeedTest {
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stepsWithDmaLightTheirDevicesAndARewindOrTheSameMomentBringsNone() {
        try (LiveSession session = new LiveSession(Runnable::run)) {
            ScenarioViewModel vm = new ScenarioViewModel(session, new Focus());
            DmaActivityFeed feed = new DmaActivityFeed(session);
            assertThat(vm.loadFile(Path.of("..", "sample-topologies", "stale-iotlb-hazard.yaml"))).isTrue();
            boolean lit = false;
            long before = await(session.query(pm -> pm.moment().seq()));
            while (vm.nextStepProperty().get() < vm.steps().size()) {
                await(vm.stepForward());
                long now = await(session.query(pm -> pm.moment().seq()));
                DmaActivity a = feed.activityProperty().get();
                long from = before;
                Map<String, Long> expected = await(session.query(pm -> bruteForce(pm.timeline(), from, now)));
                if (now - before <= DmaActivityFeed.MAX_SCAN) {
                    assertThat(a.byDevice()).as("step to %d", now).isEqualTo(expected);
                    assertThat(a.capped()).isFalse();
                }
                lit |= !a.isEmpty();
                before = now;
            }
            assertThat(lit).as("some step carried DMA").isTrue();
            DmaActivity last = feed.activityProperty().get();
            session.refresh(); // the same moment published again
            await(session.query(pm -> 0));
            assertThat(feed.activityProperty().get()).isEqualTo(last);
            await(vm.stepBack());
            assertThat(feed.activityProperty().get()).isEqualTo(DmaActivity.NONE);
        }
    }

    /**
     * While the topology is hidden and the machine plays, a frame counts nothing (issue 11: the scan cost the machine
     * thread up to 200,000 events a frame for a diagram nobody saw); a moment the machine stands at counts from the
     * last capture as always, and so does a frame while the diagram shows.
     */
    @Test
    void hiddenWhilePlayingAFrameCountsNothingAndTheNextStandingMomentCountsFromThere() {
        try (LiveSession session = new LiveSession(Runnable::run);
                LiveSession idle = new LiveSession(Runnable::run)) {
            ScenarioViewModel vm = new ScenarioViewModel(session, new Focus());
            DmaActivityFeed feed = new DmaActivityFeed(idle); // captured by hand below, as frames of the session
            assertThat(vm.loadFile(Path.of("..", "sample-topologies", "stale-iotlb-hazard.yaml"))).isTrue();
            feed.setShown(false);
            long start = await(session.query(pm -> {
                feed.capture(as(pm, true));
                return pm.moment().seq();
            }));
            long[] at = {start};
            boolean sawHiddenFrame = false;
            boolean sawCount = false;
            while (vm.nextStepProperty().get() < vm.steps().size()) {
                await(vm.stepForward());
                long from = at[0];
                boolean playing = vm.nextStepProperty().get() % 2 == 0;
                DmaActivity a = await(session.query(pm -> {
                    at[0] = pm.moment().seq();
                    return feed.capture(as(pm, playing));
                }));
                Map<String, Long> expected = await(session.query(pm -> bruteForce(pm.timeline(), from, at[0])));
                if (playing) {
                    assertThat(a).as("hidden, playing, to %d", at[0]).isEqualTo(DmaActivity.NONE);
                    sawHiddenFrame |= !expected.isEmpty();
                } else if (at[0] - from <= DmaActivityFeed.MAX_SCAN) {
                    assertThat(a.byDevice()).as("standing at %d", at[0]).isEqualTo(expected);
                    sawCount |= !expected.isEmpty();
                }
            }
            assertThat(sawHiddenFrame).as("a hidden frame skipped some DMA").isTrue();
            assertThat(sawCount).as("a standing moment counted some DMA").isTrue();
        }
    }

    private static PausedMachine as(PausedMachine pm, boolean playing) {
        return new PausedMachine() {
            public ScenarioRun run() {
                return pm.run();
            }

            public Moment moment() {
                return pm.moment();
            }

            public Optional<TimelineEvent> event() {
                return pm.event();
            }

            public Selection selection() {
                return pm.selection();
            }

            public TimelineIndex timeline() {
                return pm.timeline();
            }

            public boolean playing() {
                return playing;
            }
        };
    }

    private static Map<String, Long> bruteForce(TimelineIndex tl, long after, long upTo) {
        Map<String, Long> out = new HashMap<>();
        for (long s = after + 1; s <= upTo; s++) {
            if (tl.kind(s) == EventKind.DMA_ACCESS && tl.subject(s).device() != null) {
                out.merge(tl.subject(s).device(), 1L, Long::sum);
            }
        }
        return out;
    }
}

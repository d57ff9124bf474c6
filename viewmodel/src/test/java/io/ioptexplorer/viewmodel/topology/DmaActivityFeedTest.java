package io.ioptexplorer.viewmodel.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replay, as the app rewinds: steps 0..k-1 with the timeline off, then step k on with the seq numbering continued.
 * The events of step k must be exactly those of the straight run, record for record and seq for seq; this is also
 * what shows that every component asks {@code enabled()} each time rather than once at construction.
 */
class ReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"tour-dirty-tracking-basics.yaml", "selftest-128k.yaml",
        "riscv-no-upstream-dirty.yaml", "type1-emulated-pinned.yaml"})
    void everyStepReplayedWithEarlierStepsOffEmitsTheSameEvents(String file) throws Exception {
        Topology t = Samples.load(file);
        List<TimelineEvent> straight = Samples.fullRun(t);
        TimelineIndex index = new TimelineIndex();
        straight.forEach(index::onEvent);
        for (int k = 0; k < t.steps().size(); k++) {
            int step = k;
            List<TimelineEvent> replayed = replayStep(t, k, index.firstSeqOfStep(k));
            assertThat(replayed).as("%s step %d", file, k)
                    .isEqualTo(straight.stream().filter(e -> e.step() == step).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tour-dirty-tracking-basics.yaml", "selftest-128k.yaml"})
    void aListenerErrorAbandonsTheRunInsteadOfBecomingAStepResult(String file) throws Exception {
        Topology t = Samples.load(file);
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), e -> {
            if (e.step() >= 0) {
                throw new RunAbandoned("stop at " + e.seq());
            }
        }, true);
        assertThatThrownBy(() -> run.runAll(null)).isInstanceOf(RunAbandoned.class);
    }

    static List<TimelineEvent> replayStep(Topology t, int k, long firstSeq) {
        List<TimelineEvent> out = new ArrayList<>();
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), out::add, false);
        for (int i = 0; i < k; i++) {
            run.step();
        }
        assertThat(out).as("nothing reaches the listener while the timeline is off").isEmpty();
        run.setNextSeq(firstSeq);
        run.setTimelineOn(true);
        run.step();
        run.setTimelineOn(false);
        return out;
    }
}

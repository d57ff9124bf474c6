package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventRegeneratorTest {

    @ParameterizedTest
    @ValueSource(strings = {"tour-dirty-tracking-basics.yaml", "riscv-no-upstream-dirty.yaml"})
    void aWindowRegeneratedFromAFreshRunEqualsTheSameSliceOfTheStraightRun(String file) throws Exception {
        Topology t = Samples.load(file);
        List<TimelineEvent> all = Samples.fullRun(t);
        TimelineIndex index = new TimelineIndex();
        all.forEach(index::onEvent);
        EventRegenerator regen = new EventRegenerator(t, ScenarioRun.seedFor(t, null));
        for (int k = -1; k < t.steps().size(); k++) {
            long first = index.firstSeqOfStep(k);
            long end = k + 1 < t.steps().size() ? index.firstSeqOfStep(k + 1) : index.size();
            long from = first + (end - first) / 3;
            long to = Math.min(end, from + 7);
            assertThat(regen.window(k, first, from, to)).as("%s step %d [%d, %d)", file, k, from, to)
                    .isEqualTo(all.subList((int) from, (int) to));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, 99})
    void aStepOutsideTheFileIsRefusedSayingWhichStepsThereAre(int step) throws Exception {
        Topology t = Samples.load("tour-dirty-tracking-basics.yaml");
        assertThatThrownBy(() -> new EventRegenerator(t, 1).window(step, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step " + step)
                .hasMessageContaining("0.." + (t.steps().size() - 1));
    }
}

package io.ioptexplorer.viewmodel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event log's filter on the default tour's real timeline: what each kind of word selects, and what it refuses. */
class LogFilterTest {
    private static TimelineIndex index;

    @BeforeAll
    static void runTheTour() throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", "tour-dirty-tracking-basics.yaml"));
        index = new TimelineIndex();
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), index, true);
        while (run.hasNext()) {
            run.step();
        }
    }

    private static List<Long> matching(String filter) {
        LogFilter f = LogFilter.parse(filter);
        List<Long> out = new ArrayList<>();
        for (long seq = 0; seq < index.size(); seq++) {
            if (f.matches(index, seq)) {
                out.add(seq);
            }
        }
        return out;
    }

    private static List<Long> where(LongPredicate p) {
        List<Long> out = new ArrayList<>();
        for (long seq = 0; seq < index.size(); seq++) {
            if (p.test(seq)) {
                out.add(seq);
            }
        }
        return out;
    }

    @Test
    void anEmptyFilterPassesEverything() {
        assertThat(LogFilter.parse("  ").isEmpty()).isTrue();
        assertThat(matching("")).hasSize((int) index.size());
    }

    @Test
    void kindStepAndHwptSelectExactlyTheirEvents() {
        List<Long> walks = matching("kind:walk-step");
        assertThat(walks).isNotEmpty().isEqualTo(where(s -> index.kind(s) == EventKind.WALK_STEP));
        assertThat(matching("kind:walk-step step:8"))
                .isEqualTo(where(s -> index.kind(s) == EventKind.WALK_STEP && index.stepOf(s) == 7)).hasSize(16);
        assertThat(matching("hwpt:3")).isNotEmpty().isEqualTo(where(s -> index.subject(s).hwpt() == 3));
    }

    @Test
    void plainWordsMatchKindDeviceIommuHwptAndTheIovaInHex() {
        assertThat(matching("walk")).isEqualTo(matching("kind:walk-step"));
        assertThat(matching("nic")).isNotEmpty()
                .isEqualTo(where(s -> "nic0".equals(index.subject(s).device())));
        assertThat(matching("vtd0")).isEqualTo(where(s -> "vtd0".equals(index.subject(s).unit())));
        assertThat(matching("hwpt3")).isEqualTo(matching("hwpt:3"));
        // the tour's writes land at 0x100000, 0x104000, 0x108000 and 0x10c000: "0x10c" finds only the last page
        List<Long> lastPage = matching("dma-access 0x10c");
        assertThat(lastPage).isNotEmpty().allSatisfy(s -> assertThat(index.iova(s)).isEqualTo(0x10c000L));
        assertThat(matching("0x10c000")).isEqualTo(where(s -> index.iova(s) == 0x10c000L));
        assertThat(matching("nosuchword")).isEmpty();
    }

    @Test
    void anIovaRangeKeepsTheEventsInsideIt() {
        List<Long> inside = matching("iova:0x104000+4KiB");
        assertThat(inside).isNotEmpty()
                .isEqualTo(where(s -> index.iova(s) >= 0x104000L && index.iova(s) < 0x105000L
                        || index.kind(s) == EventKind.LEAF_MAPPED && index.iova(s) < 0x104000L
                        && index.iova(s) + index.length(s) > 0x104000L));
        // the map that wrote the page is one run from 0x100000: it reaches into the range, so it is kept
        assertThat(inside).anySatisfy(s -> assertThat(index.kind(s)).isEqualTo(EventKind.LEAF_MAPPED));
    }

    @Test
    void whatItCannotReadItSaysWhereAndWhy() {
        assertThatThrownBy(() -> LogFilter.parse("kind:walk-step  step:0")).isInstanceOf(LogFilter.Problem.class)
                .hasMessageContaining("column 17").hasMessageContaining("numbered from 1");
        assertThatThrownBy(() -> LogFilter.parse("colour:red")).hasMessageContaining("unknown filter 'colour:'");
        assertThatThrownBy(() -> LogFilter.parse("device:")).hasMessageContaining("no value after the colon");
    }
}

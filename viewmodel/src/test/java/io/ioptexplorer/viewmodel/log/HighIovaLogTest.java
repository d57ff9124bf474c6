package io.ioptexplorer.viewmodel.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.inspector.InspectorViewModelAccess;
import io.ioptexplorer.viewmodel.live.Breakpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event log's filter, the inspector's subject line and IOVA breakpoints on events above 2^63 (hardware's
 * high-iova.yaml): each compares and prints IOVAs as u64s. Before, an {@code iova:} filter above 2^63 matched every
 * event, the inspector left the IOVA out, and a breakpoint range up there never hit.
 */
class HighIovaLogTest {
    private static final Path FILE = Path.of("..", "hardware", "src", "test", "resources", "high-iova.yaml");
    private static final long WRITTEN = 0xffffffffffe01000L;
    private static final TimelineIndex INDEX = new TimelineIndex();
    private static final List<TimelineEvent> EVENTS = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        ScenarioRun run = new ScenarioRun(TopologyLoader.load(FILE), 7, e -> {
            INDEX.onEvent(e);
            EVENTS.add(e);
        }, true);
        run.runAll(null);
    }

    private static List<Long> matching(String filter) {
        LogFilter f = LogFilter.parse(filter);
        List<Long> out = new ArrayList<>();
        for (long s = 0; s < INDEX.size(); s++) {
            if (f.matches(INDEX, s)) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void anIovaFilterAbove2To63SelectsExactlyTheEventsInItsRange() {
        List<Long> page = matching("iova:0xffffffffffe01000+4KiB");
        assertThat(page).isNotEmpty().hasSizeLessThan((int) INDEX.size());
        // the events at the page, and the map's run of leaves from 0xffffffffffe00000 that reaches over it
        assertThat(page).allSatisfy(s -> assertThat(INDEX.iova(s) == WRITTEN
                || INDEX.touches(s, WRITTEN, WRITTEN + 4095)).isTrue());
        assertThat(page).anySatisfy(s -> assertThat(INDEX.iova(s)).isEqualTo(WRITTEN));
        List<Long> top = matching("iova:0xffffffffffe00000-0xffffffffffffffff");
        assertThat(top).containsAll(page).hasSizeLessThan((int) INDEX.size());
        assertThat(matching("iova:0x1000+4KiB")).isEmpty();
    }

    @Test
    void theInspectorSubjectShowsTheU64Iova() {
        TimelineEvent dma = EVENTS.stream().filter(e -> e.event().getClass().getSimpleName().equals("DmaAccess"))
                .findFirst().orElseThrow();
        assertThat(InspectorViewModelAccess.subject(dma)).contains("IOVA 0xffffffffffe01000+0x1000");
    }

    @Test
    void aBreakpointRangeAbove2To63HitsTheEventsThere() {
        Breakpoints near = new Breakpoints(java.util.Set.of(), List.of(new Breakpoints.IovaRange(WRITTEN, 4096)));
        Breakpoints low = new Breakpoints(java.util.Set.of(), List.of(new Breakpoints.IovaRange(0x1000, 4096)));
        Breakpoints last = new Breakpoints(java.util.Set.of(),
                List.of(new Breakpoints.IovaRange(0xfffffffffffff000L, 4096))); // ends at 2^64
        assertThat(EVENTS).anyMatch(near::hits);
        assertThat(EVENTS).noneMatch(low::hits);
        // ranges ending at 2^64 compare without wrapping: the map and the bitmap read cover the last page
        assertThat(EVENTS).anyMatch(last::hits);
    }
}

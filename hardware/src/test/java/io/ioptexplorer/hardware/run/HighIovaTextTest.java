package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.PtDump;
import io.ioptexplorer.hardware.inspect.RadixFolding;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.EventCatalog;
import io.ioptexplorer.hardware.timeline.EventInfo;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IOVAs at and above 2^63 are u64s, negative as Java longs: the report, the event texts and trace lines, and the
 * {@code dump} lines print them as unsigned hexadecimal (the JSON report as unsigned numbers), never as a negative or
 * truncated number. The file maps 2 MiB at 0xffffffffffe00000 on a 6-level AMD v1 table (which reaches every u64
 * IOVA).
 */
class HighIovaTextTest {
    static final Path FILE = Path.of("src", "test", "resources", "high-iova.yaml");
    private static final String TOP = "0xffffffffffe00000";
    private static final String WRITTEN = "0xffffffffffe01000";

    private static ScenarioRun runAll(List<TimelineEvent> events) throws Exception {
        Topology t = TopologyLoader.load(FILE);
        ScenarioRun run = new ScenarioRun(t, 7, events::add, true);
        assertThat(run.runAll(null)).allSatisfy(r -> assertThat(r.ok()).as(r.op() + ": " + r.error()).isTrue());
        return run;
    }

    @Test
    void theOneHelperIsUnsigned() {
        assertThat(IovaMath.hex(0xffffffffffe00000L)).isEqualTo(TOP);
        assertThat(IovaMath.hex(Long.MIN_VALUE)).isEqualTo("0x8000000000000000");
        assertThat(IovaMath.hex16(0x1000)).isEqualTo("0x0000000000001000");
        assertThat(IovaMath.hex16(-1L)).isEqualTo("0xffffffffffffffff");
    }

    @Test
    void theReportsPrintTheHighIovasUnsigned() throws Exception {
        ScenarioRun run = runAll(new ArrayList<>());
        // run's text report: the ioas-map result in hex
        Object iova = run.results().get(3).result().get("iova");
        assertThat(ResultFormat.readable("iova", iova)).isEqualTo(TOP);
        // the JSON report writes IOVAs as unsigned hexadecimal strings, as its lost IOVAs and the trace do
        String json = RunReport.json(run);
        assertThat(json).contains("\"iova\" : \"0xffffffffffe00000\"").doesNotContain("-2097152")
                .doesNotContain("-0x");
    }

    @Test
    void eventTextsAndTraceLinesPrintTheHighIovasUnsigned() throws Exception {
        List<TimelineEvent> events = new ArrayList<>();
        runAll(events);
        List<String> texts = new ArrayList<>();
        for (TimelineEvent e : events) {
            EventInfo i = EventCatalog.describe(e.event(), e.scope());
            texts.add(i.text());
            texts.add(TimelineJson.line(e));
        }
        assertThat(texts).anyMatch(s -> s.contains(WRITTEN)); // the DMA write and its walk
        assertThat(texts).anyMatch(s -> s.contains(TOP)); // the map and the bitmap read
        assertThat(texts).noneMatch(s -> s.contains("-0x") || s.matches(".*iova\\W+-\\d.*"));
    }

    @Test
    void dumpLinesPrintTheHighIovasUnsigned() throws Exception {
        ScenarioRun run = runAll(new ArrayList<>());
        List<String> lines = new ArrayList<>();
        PtDump.table(new RadixFolding(run.machine().iommufd().hwpts().get(0).domain().pageTable()), lines::add);
        // huge pages follow the 4 KiB backing: 4 KiB leaves, the last one ending at the top of the u64 space
        assertThat(lines).anyMatch(l -> l.startsWith("0xffffffffffe00000-0xffffffffffe00fff"));
        assertThat(lines).anyMatch(l -> l.startsWith(WRITTEN + "-0xffffffffffe01fff") && l.contains("dirty"));
        assertThat(lines).anyMatch(l -> l.startsWith("0xffffffffffe02000-0xffffffffffffffff"));
        assertThat(lines).noneMatch(l -> l.startsWith("-") || l.contains("--"));
        List<String> walk = new ArrayList<>();
        PtDump.walk(WalkTrace.of(run.machine().iommufd().hwpts().get(0).domain().pageTable(), 0xffffffffffe01000L),
                walk::add);
        assertThat(String.join("\n", walk)).contains(WRITTEN);
    }
}

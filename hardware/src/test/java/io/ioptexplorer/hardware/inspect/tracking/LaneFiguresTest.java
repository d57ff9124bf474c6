package io.ioptexplorer.hardware.inspect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.run.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lanes of every sample against the JSON report of {@code run} (the same figures, from the same syncs) and
 * against a page-by-page count: true, reported, false positive and false negative per lane and per round.
 */
class LaneFiguresTest {
    static java.util.stream.Stream<String> samples() throws Exception {
        return SampleLanes.samples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void capturingLanesDoesNotChangeTheRun(String sample) throws Exception {
        SampleLanes s = SampleLanes.of(sample);
        Path golden = Path.of("src", "test", "resources", "golden", sample.replace(".yaml", ".json"));
        assertThat(RunReport.json(s.run)).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings("unchecked")
    void roundFiguresMatchTheJsonReport(String sample) throws Exception {
        SampleLanes s = SampleLanes.of(sample);
        Map<String, Object> report = RunReport.tree(s.run);
        Map<String, Object> migration = (Map<String, Object>) report.get("migration");
        if (migration == null) {
            assertThat(s.migrations).isEmpty();
            return;
        }
        MigrationLanes last = s.migrations.get(s.migrations.size() - 1);
        assertThat(last.result()).isEqualTo(migration.get("result"));
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) migration.get("rounds");
        List<LaneRound> lanes = last.preCopyRounds();
        assertThat(lanes).hasSameSizeAs(rounds);
        for (int i = 0; i < rounds.size(); i++) {
            Lane union = lanes.get(i).union().orElseThrow();
            assertThat(union.reportedPages()).as("round %d dirty-pages", i).isEqualTo(rounds.get(i).get("dirty-pages"));
            assertThat(union.truePages()).as("round %d true-dirty-pages", i)
                    .isEqualTo(rounds.get(i).get("true-dirty-pages"));
        }
        Map<String, long[]> bytes = new LinkedHashMap<>();
        for (LaneRound r : lanes) {
            for (Lane l : r.trackers()) {
                long[] b = bytes.computeIfAbsent(l.name(), k -> new long[2]);
                b[0] += l.reportedPages() * 4096;
                b[1] += l.truePages() * 4096;
            }
        }
        List<Map<String, Object>> trackers = (List<Map<String, Object>>) report.get("trackers");
        assertThat(bytes.keySet()).containsExactlyElementsOf(trackers.stream().map(t -> (String) t.get("id")).toList());
        for (Map<String, Object> t : trackers) {
            long[] b = bytes.get((String) t.get("id"));
            assertThat(b[0]).as("%s reported-dirty-bytes", t.get("id")).isEqualTo(t.get("reported-dirty-bytes"));
            assertThat(b[1]).as("%s true-dirty-bytes", t.get("id")).isEqualTo(t.get("true-dirty-bytes"));
        }
        if (migration.get("verification") instanceof Map<?, ?> v) {
            assertThat(last.mismatches()).isEqualTo(v.get("mismatches"));
            assertThat(last.lostIovas().stream().map(x -> String.format("0x%x", x)).toList())
                    .isEqualTo(v.get("lost-iovas"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyLaneCountsAgreeWithAPageByPageCount(String sample) throws Exception {
        SampleLanes s = SampleLanes.of(sample);
        for (MigrationLanes m : s.migrations) {
            for (LaneRound r : m.rounds()) {
                assertThat(r.union()).as("%s %s has a union lane", sample, r.label()).isPresent();
                for (Lane l : r.lanes()) {
                    long[] fpFn = bruteForce(l.reported(), l.truth());
                    String where = sample + " migration " + m.ordinal() + " " + r.label() + " " + l.name();
                    assertThat(l.falsePositives()).as("%s false positives", where).isEqualTo(fpFn[0]);
                    assertThat(l.falseNegatives()).as("%s false negatives", where).isEqualTo(fpFn[1]);
                    assertThat(l.truePositives() + l.falsePositives()).isEqualTo(l.reportedPages());
                    assertThat(l.truePositives() + l.falseNegatives()).isEqualTo(l.truePages());
                    // The per-pixel counts of any cut of the axis add up to the lane's totals.
                    long step = Math.max(1, m.guestPages() / 997);
                    long tp = 0, fp = 0, fn = 0;
                    for (long from = 0; from < m.guestPages(); from += step) {
                        Lane.Counts c = l.countsIn(from, Math.min(m.guestPages(), from + step));
                        tp += c.truePositives();
                        fp += c.falsePositives();
                        fn += c.falseNegatives();
                    }
                    assertThat(new long[] {tp, fp, fn}).as("%s binned", where)
                            .containsExactly(l.truePositives(), l.falsePositives(), l.falseNegatives());
                }
            }
        }
    }

    /** Pages reported and not in truth, and in truth and not reported, counted one frame at a time. */
    private static long[] bruteForce(PageBits reported, PageBits truth) {
        long[] out = new long[2];
        reported.forEachFrame(f -> out[0] += truth.contains(f) ? 0 : 1);
        truth.forEachFrame(f -> out[1] += reported.contains(f) ? 0 : 1);
        return out;
    }
}

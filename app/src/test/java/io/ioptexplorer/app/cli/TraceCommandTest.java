package io.ioptexplorer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run FILE --trace PATH|-}: every event as one JSON line, the same bytes on every run. */
class TraceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOUR = "../sample-topologies/tour-dirty-tracking-basics.yaml";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void traceToStandardOutputIsOneJsonObjectPerLineWithTheSummaryOnStandardError() throws Exception {
        assertThat(run("run", TOUR, "--trace", "-")).isZero();
        assertThat(err.toString()).contains("passed, 0 failed");
        String[] lines = out.toString().split("\n");
        assertThat(lines.length).isGreaterThan(100);
        long seq = 0;
        int step = -1;
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            List<String> keys = new ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            assertThat(keys.subList(0, 5)).containsExactly("seq", "step", "time-ns", "kind", "name");
            assertThat(n.get("seq").asLong()).isEqualTo(seq++);
            assertThat(n.get("step").asInt()).isGreaterThanOrEqualTo(step);
            step = n.get("step").asInt();
            if (n.has("iova")) {
                assertThat(n.get("iova").asText()).matches("0x[0-9a-f]+");
            }
            if (n.has("level")) {
                assertThat(n.get("level").isInt()).isTrue();
            }
        }
    }

    /**
     * Enabling tracking first wipes stale Dirty bits with a read that fills no bitmap (iopt_set_dirty_tracking() calls
     * iopt_clear_dirty_data() before the driver's set_dirty_tracking, drivers/iommu/iommufd/io_pagetable.c): those
     * reads come before the dirty-tracking-set event and are not named after the GET_DIRTY_BITMAP ioctl.
     */
    @Test
    void theCleanBeforeTrackingIsEnabledIsNotNamedAfterTheGetDirtyBitmapIoctl() throws Exception {
        assertThat(run("run", TOUR, "--trace", "-")).isZero();
        List<JsonNode> events = parse(out.toString());
        int enabled = indexOf(events, "dirty-tracking-set");
        List<JsonNode> before = events.subList(0, enabled).stream()
                .filter(e -> e.get("kind").asText().equals("dirty-read")).toList();
        List<JsonNode> after = events.subList(enabled, events.size()).stream()
                .filter(e -> e.get("kind").asText().equals("dirty-read")).toList();
        assertThat(before).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("bitmap").asBoolean()).isFalse();
            assertThat(e.get("name").asText()).contains("iopt_clear_dirty_data").doesNotContain("GET_DIRTY_BITMAP");
        });
        assertThat(after).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("bitmap").asBoolean()).isTrue();
            assertThat(e.get("name").asText()).startsWith("IOMMU_HWPT_GET_DIRTY_BITMAP");
        });
    }

    @Test
    void aWalkIsOneLinePerLevelTopFirstWithTheKernelsNames() throws Exception {
        assertThat(run("run", TOUR, "--trace", "-")).isZero();
        List<JsonNode> events = parse(out.toString());
        int miss = indexOf(events, "iotlb-miss");
        assertThat(events.get(miss - 1).get("kind").asText()).isEqualTo("dma-access");
        assertThat(events.get(miss - 1).get("name").asText()).isEqualTo("PCIe Memory Write");
        for (int l = 0; l < 4; l++) {
            JsonNode w = events.get(miss + 1 + l);
            assertThat(w.get("kind").asText()).isEqualTo("walk-step");
            assertThat(w.get("level").asInt()).isEqualTo(3 - l);
            assertThat(w.get("unit").asText()).isEqualTo("vtd0");
        }
        assertThat(events.get(miss + 5).get("name").asText()).isEqualTo("hardware Dirty update");
        assertThat(events).anySatisfy(e -> assertThat(e.get("name").asText())
                .isEqualTo("IOMMU_HWPT_GET_DIRTY_BITMAP"));
        assertThat(events).anySatisfy(e -> assertThat(e.get("name").asText())
                .isEqualTo("VT-d IOTLB invalidation descriptor (page-selective)"));
    }

    @Test
    void twoRunsOfTheSameFileAndSeedWriteTheSameBytes(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        String file = "../sample-topologies/riscv-no-upstream-dirty.yaml";
        assertThat(run("run", file, "--trace", a.toString(), "--quiet")).isZero();
        assertThat(run("run", file, "--trace", b.toString(), "--quiet")).isZero();
        byte[] first = Files.readAllBytes(a);
        assertThat(first.length).isGreaterThan(10_000);
        assertThat(Files.readAllBytes(b)).isEqualTo(first);
        // the migration's phases and FSM arcs are on it
        String text = new String(first, StandardCharsets.UTF_8);
        assertThat(text).contains("\"kind\":\"round-start\"").contains("\"kind\":\"round-end\"")
                .contains("\"kind\":\"fsm-arc\"").contains("\"name\":\"VFIO_DEVICE_STATE PRE_COPY_P2P → STOP_COPY\"")
                .startsWith("{\"seq\":0,\"step\":");
        // a different seed is a different run
        Path c = dir.resolve("c.jsonl");
        assertThat(run("run", file, "--trace", c.toString(), "--quiet", "--seed", "99")).isZero();
        assertThat(Files.readAllBytes(c)).isNotEqualTo(first);
    }

    @Test
    void jsonAndTraceCannotBothTakeStandardOutput() {
        assertThat(run("run", TOUR, "--trace", "-", "--json", "-")).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("both want standard output");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnwritableTracePathIsInvalidInputSayingWhere(@TempDir Path dir) {
        String where = dir.resolve("no-such-dir").resolve("t.jsonl").toString();
        assertThat(run("run", TOUR, "--trace", where)).isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("--trace " + where).contains("cannot write there");
    }

    private static List<JsonNode> parse(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static int indexOf(List<JsonNode> events, String kind) {
        for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (n.get("kind").asText().equals(kind)) {
                return events.indexOf(n);
            }
        }
        throw new AssertionError("no " + kind);
    }
}

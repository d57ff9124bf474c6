package io.ioptexplorer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dump} on every sample: its lines are well formed and ordered, and the leaves it lists add up, per HWPT and
 * leaf size, to the counts in the sample's golden JSON report (a second, independent count: the page table's own
 * statistics).
 */
class DumpCommandTest {
    private static final Pattern HEADER = Pattern.compile("# HWPT (\\d+) \\(.*");
    private static final Pattern LINE = Pattern.compile(
        "0x([0-9a-f]{16})-0x([0-9a-f]{16})  (?:(\\d+) × )?(\\d+) (B|KiB|MiB|GiB|TiB) +L(\\d)  (R|-)(W|-) (A|-)"
            + "(?: (dirty|clean))?(?:  +.*)?");
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    static Stream<String> samples() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("..", "sample-topologies"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleDumpsWellFormedOrderedRunsThatAddUpToTheGoldenLeafCounts(String sample) throws Exception {
        assertThat(run("dump", "../sample-topologies/" + sample)).as(err.toString()).isZero();
        Map<Integer, Map<Long, Long>> leaves = new HashMap<>();
        Map<Long, Long> current = null;
        long lastEnd = -1;
        for (String line : out.toString().split("\n")) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                current = leaves.computeIfAbsent(Integer.parseInt(h.group(1)), k -> new HashMap<>());
                lastEnd = -1;
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("line '%s'", line).isTrue();
            long start = Long.parseUnsignedLong(m.group(1), 16);
            long end = Long.parseUnsignedLong(m.group(2), 16);
            long count = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
            long size = Long.parseLong(m.group(4)) << (10 * List.of("B", "KiB", "MiB", "GiB", "TiB")
                .indexOf(m.group(5)));
            assertThat(start).as("runs in IOVA order, not overlapping").isGreaterThan(lastEnd);
            assertThat(end - start + 1).as("a run spans count × size").isEqualTo(count * size);
            lastEnd = end;
            current.merge(size, count, Long::sum);
        }
        JsonNode golden = new ObjectMapper().readTree(Path.of("..", "hardware", "src", "test", "resources", "golden",
            sample.replace(".yaml", ".json")).toFile());
        Map<Integer, Map<Long, Long>> expected = new HashMap<>();
        for (JsonNode d : golden.get("domains")) {
            Map<Long, Long> bySize = new HashMap<>();
            d.get("leaves").fields().forEachRemaining(e -> bySize.put(Long.parseLong(e.getKey()), e.getValue()
                .asLong()));
            expected.put(d.get("hwpt").asInt(), bySize);
        }
        assertThat(leaves).isEqualTo(expected);
    }

    @Test
    void afterAStepAndWalkShowTheMomentAndEveryLevel() {
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--after-step", "11", "--walk",
            "0x280000")).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("# HWPT 3 (vtdss-4level on vtd0, nic0)").endsWith("after step 11 "
            + "(get-dirty-bitmap)");
        assertThat(lines[1]).isEqualTo("walk of 0x280000 in vtdss-4level");
        assertThat(lines[2]).contains("L3").contains("table").contains("R=1 W=1");
        assertThat(lines[4]).contains("L1").contains("[  1]").contains("leaf").contains("PS=1").contains("D=0");
        assertThat(lines[5]).contains("-> 0x10000280000 (leaf of 2 MiB at 0x200000)");
    }

    @Test
    void theSplitShowsAsOneRunOf512SmallLeavesWhereTheHugeLeafWas() {
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--after-step", "10")).isZero();
        assertThat(out.toString()).contains("0x0000000000200000-0x00000000003fffff  2 MiB            L1  RW A dirty");
        out.getBuffer().setLength(0);
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--after-step", "11")).isZero();
        assertThat(out.toString()).contains("0x0000000000200000-0x00000000003fffff  2 MiB            L1  RW A clean");
        out.getBuffer().setLength(0);
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--after-step", "12")).isZero();
        assertThat(out.toString()).contains(
            "0x0000000000200000-0x00000000003fffff  512 × 4 KiB      L0  RW A clean");
    }

    @Test
    void badInputSaysWhatIsWrongAndExitsTwo() {
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--after-step", "15"))
            .isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("--after-step 15 does not exist").contains("numbered 0 to 14");
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--hwpt", "9"))
            .isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("no paging HWPT 9").contains("[3]");
        assertThat(run("dump", "sample:tour-dirty-tracking-basics.yaml", "--walk", "zz"))
            .isEqualTo(Cli.EXIT_INVALID_INPUT);
        assertThat(err.toString()).contains("--walk zz").contains("not an integer");
    }
}

package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * For random files of valid syntax whose steps the kernel may accept or refuse (unaligned and sub-page maps, maps
 * above 2^63, overlapping and empty DMA-logging ranges, attaches across IOMMUs of every driver rule, bitmap page
 * sizes that are not powers of two, huge pages switched around), {@code validate}'s warnings name exactly the steps
 * that fail in {@code run}, each with the errno {@code run} shows, and no step fails with an internal error.
 */
class DryRunWarningsProperties {
    private static final String HEADER = """
            name: random
            iommus: [{id: amd0, model: amd-v1, features: [dirty-tracking]}, {id: amd1, model: amd-v1},
                     {id: mock0, model: mock, features: [dirty-tracking]}, {id: s0, model: smmuv3}, {id: s1, model: smmuv3}]
            vm: {memory: 64MiB}
            devices: [{id: dev0, kind: nic, iommu: amd0, tracker: {kind: mlx5, max-ranges: 2, page-sizes: [4KiB]}},
                      {id: dev1, kind: generic, iommu: amd1}, {id: dev2, kind: generic, iommu: mock0},
                      {id: g0, kind: gpu, iommu: s0}, {id: g1, kind: gpu, iommu: s1}]
            steps:
              - ioas-alloc: {id: ioas0}
            """;
    private static final String[] DEVICES = {"dev0", "dev1", "dev2", "g0", "g1"};
    private static final String[] IOVAS = {"0x100000", "0x100800", "0x101000", "0x200000", "0x8000000000000000",
            "0xfffffffffffff000"};
    private static final String[] LENGTHS = {"2KiB", "4KiB", "8KiB", "1MiB", "0"};
    private static final String[] PAGE_SIZES = {"2KiB", "4KiB", "3KiB", "0x3000", "1MiB"};
    private static final String[] ERRNOS = {"EINVAL", "ENOENT", "EEXIST", "EADDRINUSE", "EOVERFLOW", "EOPNOTSUPP"};

    /** A random but valid file: every id a step names was defined by an earlier step. */
    static String randomFile(long seed, int steps) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(HEADER);
        int hwpts = 0;
        for (int i = 0; i < steps; i++) {
            String dev = pick(r, DEVICES);
            String hwpt = hwpts == 0 ? null : "hwpt" + r.nextInt(hwpts);
            String iova = pick(r, IOVAS);
            String length = pick(r, LENGTHS);
            String step = switch (r.nextInt(hwpt == null ? 7 : 11)) {
                case 0, 1 -> "ioas-map: {ioas: ioas0, iova: " + iova + ", length: " + length + "}";
                case 2 -> "ioas-unmap: {ioas: ioas0, iova: " + iova + ", length: " + length + "}";
                case 3 -> "ioas-option: {ioas: ioas0, huge-pages: " + r.nextBoolean() + "}";
                case 4 -> "hwpt-alloc: {id: hwpt" + hwpts++ + ", device: " + dev + ", ioas: ioas0, dirty-tracking: "
                        + r.nextBoolean() + "}";
                case 5 -> r.nextBoolean() ? "dma-logging-start: {device: dev0, ranges: " + ranges(r)
                        + ", page-size: " + pick(r, PAGE_SIZES) + "}" : "dma-logging-stop: {device: dev0}";
                case 6 -> "attach: {device: " + dev + ", ioas: ioas0}";
                case 7 -> "attach: {device: " + dev + ", hwpt: " + hwpt + "}";
                case 8 -> "set-dirty-tracking: {hwpt: " + hwpt + ", enable: " + r.nextBoolean() + "}";
                case 9 -> "get-dirty-bitmap: {hwpt: " + hwpt + ", iova: " + iova + ", length: " + length
                        + ", page-size: " + pick(r, PAGE_SIZES) + "}";
                default -> "dma: {device: " + dev + ", iova: " + iova + ", length: 4KiB, stride: 2KiB, size: 8}";
            };
            sb.append("  - ").append(step).append('\n');
            // An hwpt-alloc that expects an error defines no id; later steps name its id, so it never expects one.
            if (r.nextInt(4) == 0 && !step.startsWith("hwpt-alloc")) {
                sb.append("    expect-error: ").append(pick(r, ERRNOS)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String ranges(Random r) {
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append("{iova: ").append(pick(r, IOVAS)).append(", length: ")
                    .append(pick(r, new String[] {"4KiB", "1MiB", "2MiB"})).append('}');
        }
        return sb.append(']').toString();
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    @Property(tries = 150)
    void warningsNameExactlyTheStepsThatFailInRun(@ForAll long fileSeed, @ForAll @IntRange(min = 1, max = 25) int n,
                                                   @ForAll @IntRange(min = 1, max = 1000) int runSeed)
            throws Exception {
        String yaml = randomFile(fileSeed, n);
        Topology t = TopologyLoader.load("random.yaml", yaml); // valid syntax and references: never throws
        List<DryRun.Warning> warnings = DryRun.of(t, runSeed);
        List<StepResult> results = new ScenarioRun(t, runSeed, EventSink.NONE).runAll(null);

        assertThat(warnings.stream().map(DryRun.Warning::index).toList()).as(yaml)
                .isEqualTo(results.stream().filter(s -> !s.ok()).map(StepResult::index).toList());
        for (DryRun.Warning w : warnings) {
            StepResult r = results.get(w.index());
            assertThat(w.errno()).as(yaml).isEqualTo(r.errno());
            assertThat(w.location()).isEqualTo(r.location());
        }
        assertThat(results).as(yaml).noneMatch(s -> s.error() != null && s.error().startsWith("internal error"));
        assertThat(results).as(yaml).allMatch(s -> s.ok() || s.errno() != null || !s.failures().isEmpty());
    }
}

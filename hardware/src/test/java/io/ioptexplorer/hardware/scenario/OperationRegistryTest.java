package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operation registry is the one definition of each step operation: both READMEs' step tables list exactly its
 * operations with exactly its arguments and results, and every typed argument record belongs to one operation.
 */
class OperationRegistryTest {

    /** The rows of the table that starts with the step table's header line: operation → its row. */
    private static Map<String, String> readmeRows(Path readme) throws Exception {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int header = lines.indexOf("| Operation | Arguments (`*` required) | `expect` results |");
        assertThat(header).as("%s has the step table", readme).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String row = lines.get(i);
            String op = row.substring(row.indexOf('`') + 1, row.indexOf('`', row.indexOf('`') + 1));
            rows.put(op, row);
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"../README.md", "../sample-topologies/README.md"})
    void theReadmeTableIsTheRegistry(String file) throws Exception {
        Map<String, String> rows = readmeRows(Path.of(file));
        // Every operation of the table exists in the registry, and the other way round, in the same order.
        assertThat(new ArrayList<>(rows.keySet())).as("operations in %s", file).containsExactlyElementsOf(StepOps.OPS);
        // Each with the same arguments and results (the row is the registry's row, word for word).
        for (StepOps.Operation o : StepOps.REGISTRY) {
            assertThat(rows.get(o.name())).as("%s row of %s; the registry renders:%n%s", o.name(), file,
                    StepOps.table()).isEqualTo(o.tableRow());
        }
    }

    @Test
    void everyTypedArgumentRecordBelongsToExactlyOneOperation() {
        List<String> records = Arrays.stream(StepArgs.class.getPermittedSubclasses()).map(Class::getName).toList();
        assertThat(StepOps.REGISTRY.stream().map(o -> o.args().getName()).toList())
                .containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void theParserReadsTheRegistrysKeys() throws Exception {
        // A step of every operation with every registry key; the parser throws if it reads other keys than the
        // registry lists, and reports a key the registry does not know as unknown.
        Topology t = TopologyLoader.load("t.yaml", """
                name: t
                iommus: [{id: amd0, model: amd-v1}]
                vm: {memory: 1GiB}
                devices: [{id: dev0, kind: nic, iommu: amd0, tracker: {kind: mlx5, max-ranges: 4, page-sizes: [4KiB]}, workload: {rate: 1MiB/s}}]
                steps:
                  - ioas-alloc: {id: ioas0}
                  - ioas-option: {ioas: ioas0, huge-pages: true}
                  - ioas-map: {ioas: ioas0, iova: 0xfffffffffffff000, length: 4KiB, prot: rw, guest-address: 0}
                  - ioas-unmap: {ioas: ioas0, iova: 0xfffffffffffff000, length: 4KiB}
                  - hwpt-alloc: {id: hwpt0, device: dev0, ioas: ioas0, dirty-tracking: false, nest-parent: false}
                  - attach: {device: dev0, hwpt: hwpt0}
                  - detach: {device: dev0}
                  - get-hw-info: {device: dev0}
                  - set-dirty-tracking: {hwpt: hwpt0, enable: true}
                  - get-dirty-bitmap: {hwpt: hwpt0, iova: 0, length: 4KiB, page-size: 4KiB, no-clear: true}
                  - dma: {device: dev0, iova: 0, length: 8KiB, write: true, stride: 4KiB, size: 8}
                  - workload: {duration: 1ms, source: dev0}
                  - vcpu-write: {gpa: 0, length: 8KiB, stride: 4KiB, size: 8}
                  - split: {hwpt: hwpt0, iova: 0, length: 2MiB, page-size: 4KiB}
                  - collapse: {hwpt: hwpt0, iova: 0, length: 2MiB}
                  - iotlb-invalidate: {hwpt: hwpt0, iova: 0, length: 4KiB}
                  - dma-logging-start: {device: dev0, ranges: [{iova: 0, length: 1MiB}], page-size: 4KiB}
                  - dma-logging-report: {device: dev0, iova: 0, length: 1MiB, page-size: 4KiB}
                  - dma-logging-stop: {device: dev0}
                  - mig-state: {device: dev0, state: STOP}
                  - migrate: {}
                  - narrate: done
                """);
        assertThat(t.steps()).hasSize(22);
        assertThat(((StepArgs.IoasMap) t.steps().get(2).args()).iova().getAsLong()).isEqualTo(-4096L);
        List<String> problems = TopologyErrorsTest.problems("""
                name: t
                iommus: [{id: amd0, model: amd-v1}]
                vm: {memory: 1GiB}
                devices: [{id: dev0, kind: nic, iommu: amd0}]
                steps:
                  - detach: {device: dev0, hwpt: x}
                """);
        assertThat(problems).singleElement().asString().contains("unknown key 'hwpt'");
    }
}

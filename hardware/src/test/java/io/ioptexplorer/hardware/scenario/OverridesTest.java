package io.ioptexplorer.hardware.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverridesTest {
    private static final Path AMD = Path.of("..", "sample-topologies", "amd-nic-iommu.yaml");

    @Test
    void setsNestedValuesByPathAndById() throws Exception {
        Topology t = TopologyLoader.load(AMD, List.of("migration.split=lazy", "devices[nic0].workload.rate=1GiB/s",
                "iommus[0].faults=[skip-dirty-flush]", "seed=42"));
        assertThat(t.migration().orElseThrow().split()).isEqualTo(MigrationSpec.Split.LAZY);
        assertThat(t.device("nic0").orElseThrow().workload().orElseThrow().rate()).isEqualTo(1L << 30);
        assertThat(t.iommus().get(0).faults()).containsExactly(IommuSpec.Fault.SKIP_DIRTY_FLUSH);
        assertThat(t.seed().getAsLong()).isEqualTo(42);
    }

    @Test
    void anOverrideIsValidatedLikeTheFileAndBlamedOnTheArgument() {
        assertThatThrownBy(() -> TopologyLoader.load(AMD, List.of("migration.splt=lazy")))
                .isInstanceOfSatisfying(TopologyException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.location().file()).isEqualTo("--set 1");
                            assertThat(p.message()).contains("splt").contains("did you mean 'split'");
                        }));
    }

    @Test
    void badPathsSayWhy() {
        assertThatThrownBy(() -> TopologyLoader.load(AMD, List.of("devices[nope].kind=nic", "novalue")))
                .isInstanceOfSatisfying(TopologyException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).contains("--set 1:1:1: cannot set 'devices[nope].kind': no element "
                            + "with id 'nope'").contains("--set 2:1:1: 'novalue' is not key=value");
                });
    }
}

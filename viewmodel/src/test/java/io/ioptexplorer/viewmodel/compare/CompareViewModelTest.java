package io.ioptexplorer.viewmodel.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two runs, one setting changed, stepping together; plain JUnit, the executors run in place. */
class CompareViewModelTest {
    private final CompareViewModel vm = new CompareViewModel(Runnable::run, Runnable::run);

    private static String sample(String name) throws Exception {
        return Files.readString(Path.of("..", "sample-topologies", name));
    }

    private Map<String, Figure> figures() {
        return vm.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity()));
    }

    @Test
    void smmuv3EagerAgainstLazyStepTogetherAndTheDifferencesAreSummed() throws Exception {
        // Step 10 of the SMMUv3 sample is its first migration (split: none as written); split it eagerly on the
        // left and lazily on the right.
        assertThat(vm.load("smmuv3-gpu-eager-vs-lazy.yaml", sample("smmuv3-gpu-eager-vs-lazy.yaml"),
                List.of("steps[9].migrate.split=eager"), List.of("steps[9].migrate.split=lazy"))).isTrue();
        assertThat(vm.titleProperty().get()).contains("steps[9].migrate.split=eager  vs  steps[9].migrate.split=lazy");
        vm.stepBoth();
        assertThat(vm.leftSteps()).hasSize(1);
        assertThat(vm.rightSteps()).containsExactlyElementsOf(vm.leftSteps()); // same seed, same first step
        for (int i = 0; i < 9; i++) {
            vm.stepBoth();
        }
        assertThat(vm.positionProperty().get()).isEqualTo(10);
        assertThat(vm.leftSteps().get(9)).startsWith("10. migrate").contains("result=completed");
        Map<String, Figure> f = figures();
        assertThat(f.get("leaf splits").left()).isNotEqualTo(f.get("leaf splits").right());
        assertThat(f.get("bytes sent (last migration)").left()).isPositive();
        Figure bytes = f.get("bytes sent (last migration)");
        assertThat(bytes.difference()).isEqualTo(bytes.right() - bytes.left());
        assertThat(vm.leftSteps().subList(0, 9)).containsExactlyElementsOf(vm.rightSteps().subList(0, 9));
        // Each side's lanes and rounds: one migration, the same guest, and its rounds as its report counts them.
        var left = vm.leftTrackingProperty().get();
        var right = vm.rightTrackingProperty().get();
        assertThat(left.lanes()).hasSize(1);
        assertThat(right.lanes()).hasSize(1);
        assertThat(left.guestPages()).isEqualTo(right.guestPages()).isPositive();
        assertThat(left.lanes().get(0).preCopyRounds()).hasSize((int) f.get("pre-copy rounds (last migration)").left());
        assertThat(right.lanes().get(0).preCopyRounds())
                .hasSize((int) f.get("pre-copy rounds (last migration)").right());
        vm.load("smmuv3-gpu-eager-vs-lazy.yaml", sample("smmuv3-gpu-eager-vs-lazy.yaml"), List.of(), List.of());
        assertThat(vm.leftTrackingProperty().get().lanes()).as("a reload starts from nothing").isEmpty();
    }

    @Test
    void aSettingThatDoesNotLoadSaysWhichSideAndWhere() throws Exception {
        String yaml = sample("amd-nic-iommu.yaml");
        assertThat(vm.load("amd-nic-iommu.yaml", yaml, List.of(), List.of("migration.split=sideways"))).isFalse();
        assertThat(vm.problemProperty().get()).startsWith("Right (migration.split=sideways): ")
                .contains("sideways");
        assertThat(vm.leftSteps()).isEmpty();
    }
}

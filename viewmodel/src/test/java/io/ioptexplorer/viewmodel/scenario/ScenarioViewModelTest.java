package io.ioptexplorer.viewmodel.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The view model with both executors running tasks inline: plain JUnit, no toolkit. */
class ScenarioViewModelTest {
    private static final Path SELFTEST = Path.of("..", "sample-topologies", "selftest-128k.yaml");
    private ScenarioViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new ScenarioViewModel(Runnable::run, Runnable::run);
    }

    @Test
    void openingListsTheMachineAndPendingSteps() {
        assertThat(vm.loadFile(SELFTEST)).isTrue();
        assertThat(vm.titleProperty().get()).isEqualTo("iommufd dirty-tracking selftest, 128 KiB");
        assertThat(vm.steps()).hasSize(12).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepRow.Status.PENDING));
        assertThat(vm.components()).extracting(ComponentRow::id).containsExactly("guest", "mock0", "mock1", "dev0",
                "dev1");
        assertThat(vm.problemProperty().get()).isEmpty();
    }

    @Test
    void steppingRunsOneStepAtATimeAndResetReplaysIdentically() {
        vm.loadFile(SELFTEST);
        vm.stepForward();
        assertThat(vm.steps().get(0).status()).isEqualTo(StepRow.Status.OK);
        assertThat(vm.steps().get(1).status()).isEqualTo(StepRow.Status.PENDING);
        assertThat(vm.nextStepProperty().get()).isEqualTo(1);

        vm.runToEnd();
        assertThat(vm.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepRow.Status.OK));
        Object firstBitmap = vm.steps().get(10).result().get("dirty-bits");
        assertThat(firstBitmap).isEqualTo(32L);
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.canStep()).isFalse();

        vm.reset();
        assertThat(vm.nextStepProperty().get()).isZero();
        assertThat(vm.steps().get(10).status()).isEqualTo(StepRow.Status.PENDING);
        vm.runToEnd();
        assertThat(vm.steps().get(10).result().get("dirty-bits")).isEqualTo(firstBitmap);
    }

    @Test
    void aBadFileShowsWhereAndWhyAndKeepsTheCurrentScenario() throws Exception {
        vm.loadFile(SELFTEST);
        vm.stepForward();
        Path bad = Files.createTempFile("bad", ".yaml");
        Files.writeString(bad, "name: x\niommus:\n  - {id: a, model: amd-v9}\nvm: {memory: 1GiB}\ndevices: []\n");
        assertThat(vm.loadFile(bad)).isFalse();
        assertThat(vm.problemProperty().get()).contains(bad.getFileName() + ":3:").contains("amd-v9");
        assertThat(vm.titleProperty().get()).isEqualTo("iommufd dirty-tracking selftest, 128 KiB");
        assertThat(vm.steps().get(0).status()).isEqualTo(StepRow.Status.OK);
        assertThat(vm.statusProperty().get()).contains("unchanged");
        Files.delete(bad);
    }

    @Test
    void stepBackReplaysToThePreviousStepWithTheSameResults() {
        vm.loadFile(SELFTEST);
        vm.runToEnd();
        StepRow eleventh = vm.steps().get(10);
        vm.stepBack();
        vm.stepBack();
        assertThat(vm.nextStepProperty().get()).isEqualTo(10);
        assertThat(vm.steps().get(10).status()).isEqualTo(StepRow.Status.PENDING);
        assertThat(vm.steps().get(9).status()).isEqualTo(StepRow.Status.OK);
        vm.stepForward();
        assertThat(vm.steps().get(10)).isEqualTo(eleventh);
        assertThat(vm.statusProperty().get()).startsWith("Step 11 of 12");
    }

    @Test
    void stepPressesDuringARunningStepAreQueuedNotLost() {
        java.util.List<Runnable> pending = new java.util.ArrayList<>();
        ScenarioViewModel slow = new ScenarioViewModel(pending::add, Runnable::run); // the simulation waits
        slow.loadFile(SELFTEST);
        slow.stepForward();
        slow.stepForward();
        slow.stepForward();
        assertThat(slow.nextStepProperty().get()).isZero();
        while (!pending.isEmpty()) {
            pending.remove(0).run();
        }
        assertThat(slow.nextStepProperty().get()).isEqualTo(3);
        assertThat(slow.busyProperty().get()).isFalse();
    }
}

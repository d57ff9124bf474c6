package io.ioptexplorer.viewmodel.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The step list's view model over a live session, plain JUnit: the "UI thread" is the machine thread itself
 * (snapshots are delivered inline), and each command is awaited until the machine has paused again.
 */
class ScenarioViewModelTest {
    private static final Path SELFTEST = Path.of("..", "sample-topologies", "selftest-128k.yaml");
    private LiveSession session;
    private ScenarioViewModel vm;

    @BeforeEach
    void setUp() {
        session = new LiveSession(Runnable::run);
        vm = new ScenarioViewModel(session, new Focus());
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    private static MachineSnapshot await(CompletableFuture<MachineSnapshot> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void open(Path p) {
        assertThat(vm.loadFile(p)).isTrue();
        await(session.query(pm -> null).thenApply(x -> (MachineSnapshot) null));
    }

    @Test
    void openingListsTheMachineAndPendingSteps() {
        open(SELFTEST);
        assertThat(vm.titleProperty().get()).isEqualTo("iommufd dirty-tracking selftest, 128 KiB");
        assertThat(vm.steps()).hasSize(12).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepRow.Status.PENDING));
        assertThat(vm.components()).extracting(ComponentRow::id).containsExactly("guest", "mock0", "mock1", "dev0",
                "dev1");
        assertThat(vm.problemProperty().get()).isEmpty();
    }

    @Test
    void theStatusSaysTheMachineIsBeingBuiltUntilItStands() {
        java.util.List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        vm.statusProperty().addListener((o, a, b) -> said.add(b));
        open(SELFTEST);
        assertThat(said).isNotEmpty();
        assertThat(said.get(0)).startsWith("Building the machine from ").contains("selftest-128k.yaml");
        assertThat(vm.statusProperty().get()).startsWith("Opened ").endsWith("selftest-128k.yaml: 12 steps");
    }

    @Test
    void steppingRunsOneStepAtATimeAndResetReplaysIdentically() {
        open(SELFTEST);
        await(vm.stepForward());
        assertThat(vm.steps().get(0).status()).isEqualTo(StepRow.Status.OK);
        assertThat(vm.steps().get(1).status()).isEqualTo(StepRow.Status.PENDING);
        assertThat(vm.nextStepProperty().get()).isEqualTo(1);

        await(vm.runToEnd());
        assertThat(vm.steps()).allSatisfy(s -> assertThat(s.status()).isEqualTo(StepRow.Status.OK));
        Long firstBitmap = vm.steps().get(10).field("dirty-bits").number();
        assertThat(firstBitmap).isEqualTo(32L);
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.canStep()).isFalse();

        await(vm.reset());
        assertThat(vm.nextStepProperty().get()).isZero();
        assertThat(vm.steps().get(10).status()).isEqualTo(StepRow.Status.PENDING);
        await(vm.runToEnd());
        assertThat(vm.steps().get(10).field("dirty-bits").number()).isEqualTo(firstBitmap);
    }

    /** A step that read no bitmap points back to the last one that did (the Dirty bitmap tab then shows it). */
    @Test
    void theLastBitmapReadBeforeAStepIsFound() {
        open(Path.of("..", "sample-topologies", "type1-emulated-pinned.yaml"));
        await(vm.runToEnd());
        int last = vm.steps().size() - 1; // type1-dirty stop: no bitmap of its own
        assertThat(vm.steps().get(last).field("bitmap")).isNull();
        StepRow found = vm.latestBitmapBefore(last).orElseThrow();
        assertThat(found.field("bitmap").bitmap()).isNotNull();
        for (int i = found.index() + 1; i < last; i++) {
            var f = vm.steps().get(i).field("bitmap");
            assertThat(f == null || f.bitmap() == null).as("step %d read no bitmap", i + 1).isTrue();
        }
        assertThat(vm.latestBitmapBefore(0)).isEmpty();
    }

    @Test
    void aBadFileShowsWhereAndWhyAndKeepsTheCurrentScenario() throws Exception {
        open(SELFTEST);
        await(vm.stepForward());
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
    void aMachineThatRunsOutOfHeapIsShownAsAProblemAndTheWindowIsNotBusy() {
        // the sink each run is fed stands in for an allocation that finds no heap left (replacing the tracking one)
        session.watchRuns(() -> new io.ioptexplorer.hardware.events.EventSink() {
            @Override
            public void emit(io.ioptexplorer.hardware.events.SimEvent event) {
                throw new OutOfMemoryError("Java heap space (test)");
            }
        });
        assertThat(vm.loadFile(SELFTEST)).isTrue();
        vm.stepForward().handle((s, e) -> null).join();
        assertThat(vm.problemProperty().get()).contains("ran out of memory").contains("-Xmx");
        assertThat(vm.statusProperty().get()).startsWith("Stopped: ");
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void stepBackReplaysToThePreviousStepWithTheSameResults() {
        open(SELFTEST);
        await(vm.runToEnd());
        StepRow eleventh = vm.steps().get(10);
        await(vm.stepBack());
        await(vm.stepBack());
        assertThat(vm.nextStepProperty().get()).isEqualTo(10);
        assertThat(vm.steps().get(10).status()).isEqualTo(StepRow.Status.PENDING);
        assertThat(vm.steps().get(9).status()).isEqualTo(StepRow.Status.OK);
        await(vm.stepForward());
        assertThat(vm.steps().get(10)).isEqualTo(eleventh);
        assertThat(vm.statusProperty().get()).startsWith("Step 11 of 12");
    }

    @Test
    void focusFollowsTheMachineAndMovingItRewinds() {
        open(SELFTEST);
        await(vm.runToEnd());
        var end = vm.focus().moment();
        assertThat(end.step()).isEqualTo(12);
        await(session.stepBack());
        assertThat(vm.focus().moment().step()).isEqualTo(11);
        assertThat(vm.steps().get(11).status()).isEqualTo(StepRow.Status.PENDING);
    }
}

package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page-table view model on the default tour, its reads run inline: plain JUnit, no toolkit. */
class PageTableViewModelTest {
    private static final Path TOUR = Path.of("..", "sample-topologies", "tour-dirty-tracking-basics.yaml");
    private ScenarioRun run;
    private PageTableViewModel vm;
    @BeforeEach
    void setUp() throws Exception {
        Topology t = TopologyLoader.load(TOUR);
        PausedRun paused = new PausedRun(t, ScenarioRun.seedFor(t, null));
        run = paused.run;
        vm = new PageTableViewModel(paused);
        vm.refresh();
    }

    /** Runs steps until {@code nextIndex} is next, the view model re-reading after each, as at each moment. */
    private void stepTo(int nextIndex) {
        while (run.nextIndex() < nextIndex) {
            run.step();
            vm.refresh();
        }
    }

    /**
     * After a run over several steps, what the Changed column marks is what the whole run changed since the moment the
     * machine last stood at, whatever frames were drawn on the way: two runs from step 7 over the dma (+A +D on four
     * leaves) and the dirty read (−D), one with a frame shown after the dma, read the same. Before, the run with the
     * frame marked only the read's −D (the screenshots' page-table picture came out three ways for that reason).
     */
    @Test
    void aRunsChangesDoNotDependOnTheFramesShownOnTheWay() throws Exception {
        List<String> straight = changesOfTheFirstDmaLeavesAfterARunFromStep7(false);
        List<String> withAFrame = changesOfTheFirstDmaLeavesAfterARunFromStep7(true);
        assertThat(withAFrame).isEqualTo(straight);
        assertThat(straight.get(0)).as("the dma's Accessed, not only the read's −D").contains("+A");
    }

    private List<String> changesOfTheFirstDmaLeavesAfterARunFromStep7(boolean frameOnTheWay) throws Exception {
        Topology t = TopologyLoader.load(TOUR);
        PausedRun paused = new PausedRun(t, ScenarioRun.seedFor(t, null));
        PageTableViewModel v = new PageTableViewModel(paused);
        while (paused.run.nextIndex() < 7) {
            paused.run.step();
            v.refresh();
        }
        paused.running = true;
        paused.run.step(); // 7: dma
        if (frameOnTheWay) {
            v.refresh();
        }
        paused.run.step(); // 8: get-dirty-bitmap, which clears D
        paused.running = false;
        v.refresh();
        PageTableSnapshot s = v.snapshotProperty().get();
        PtRow l2 = v.expand(s.rootRows().get(0)).join().get(0);
        PtRow l1 = v.expand(l2).join().get(0);
        List<PtRow> leaves = v.expand(l1).join();
        return leaves.stream().filter(r -> r.firstIova() == 0x104000 || r.firstIova() == 0x105000)
            .map(r -> r.firstIova() + ": " + v.changeText(r)).toList();
    }

    @Test
    void theTourDmaStepHighlightsAFourLevelWalkToTheLeaf() {
        stepTo(8); // after step 7, the first dma
        PageTableSnapshot s = vm.snapshotProperty().get();
        assertThat(s.stepOp()).isEqualTo("dma");
        WalkTrace w = s.walk();
        assertThat(w.levels()).extracting(l -> l.level()).containsExactly(3, 2, 1, 0);
        assertThat(w.reachedLeaf()).isTrue();
        assertThat(w.iova()).isEqualTo(0x100000);
        assertThat(s.map().state(0x100000 >>> s.viewport().bucketShift())).isEqualTo(IovaMap.DIRTY);
    }

    @Test
    void theLeavesTheNicWroteSayWhichBitsHardwareSet() {
        stepTo(7);
        stepTo(8); // the first dma: 4 writes, 16 KiB apart from 0x100000
        PageTableSnapshot s = vm.snapshotProperty().get();
        PtRow l2 = vm.expand(s.rootRows().get(0)).join().get(0);
        PtRow l1 = vm.expand(l2).join().get(0);
        List<PtRow> leaves = vm.expand(l1).join();
        PtRow written = leaves.stream().filter(r -> r.firstIova() == 0x104000).findFirst().orElseThrow();
        assertThat(vm.changeText(written)).isEqualTo("+A +D");
        PtRow untouched = leaves.stream().filter(r -> r.firstIova() == 0x105000).findFirst().orElseThrow();
        assertThat(vm.changed(untouched)).isFalse();
        assertThat(vm.changeText(untouched)).isEmpty();
    }

    @Test
    void theMappingsHwptAllocWritesReadAsNewLeavesOfTheirSize() {
        stepTo(4);
        stepTo(5); // hwpt-alloc maps the IOAS: 16 leaves of 4 KiB at 0x100000, one of 2 MiB at 0x200000
        PageTableSnapshot s = vm.snapshotProperty().get();
        PtRow l2 = vm.expand(s.rootRows().get(0)).join().get(0);
        List<PtRow> l1 = vm.expand(l2).join();
        PtRow huge = l1.stream().filter(r -> r.firstIova() == 0x200000).findFirst().orElseThrow();
        assertThat(vm.changeText(huge)).isEqualTo("new 2 MiB");
        assertThat(vm.changeWhole(huge)).isEqualTo("empty → 2 MiB leaf");
        PtRow small = vm.expand(l1.get(0)).join().stream().filter(r -> r.firstIova() == 0x100000).findFirst()
            .orElseThrow();
        assertThat(vm.changeText(small)).isEqualTo("new 4 KiB");
        assertThat(vm.changeWhole(small)).isEqualTo("empty → 4 KiB leaf, 16 entries");
    }

    @Test
    void theSplitIsSeenAsAChangedRowOf512SmallLeavesAndFindSelectsTheEntry() {
        stepTo(12); // before the split
        stepTo(13); // after it
        PageTableSnapshot s = vm.snapshotProperty().get();
        assertThat(s.stepOp()).isEqualTo("split");
        PtRow l2 = vm.expand(s.rootRows().get(0)).join().get(0);
        List<PtRow> l1 = vm.expand(l2).join();
        PtRow table = l1.stream().filter(r -> r.firstIova() == 0x200000).findFirst().orElseThrow();
        assertThat(table.kind()).isEqualTo(PtRow.Kind.TABLE);
        assertThat(vm.changed(table)).isTrue();
        // Compact in the column, whole in the row's tooltip: "leaf → table" was cut at 1280 as "empty → …" was.
        assertThat(vm.changeText(table)).as("read from the split's entry-updated events").isEqualTo("split → table");
        assertThat(vm.changeWhole(table)).isEqualTo("2 MiB leaf → table");
        assertThat(vm.expand(table).join()).singleElement().satisfies(r -> {
            assertThat(vm.changeText(r)).as("all 512 changed: the What column counts them").isEqualTo("new 4 KiB");
            assertThat(vm.changeWhole(r)).isEqualTo("empty → 4 KiB leaf, 512 entries");
        });
        assertThat(l1.stream().filter(r -> r.firstIova() == 0).findFirst().map(vm::changeText)).contains("");
        assertThat(vm.expand(table).join()).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(512);
            assertThat(r.leafSize()).isEqualTo(4096);
        });

        WalkTrace w = vm.find("0x280000").join();
        assertThat(w.levels()).hasSize(4);
        assertThat(vm.snapshotProperty().get().walk()).isEqualTo(w);
        assertThat(vm.find("0xnope").join()).isNull();
        assertThat(vm.messageProperty().get()).contains("Find:").contains("0xnope");
    }

    @Test
    void aFindAnswersForItsMomentAndTheNextStepShowsItsOwnWalk() {
        stepTo(13); // after the split
        WalkTrace found = vm.find("0x100000").join();
        vm.zoomMap(1); // the same moment read again: the find stays
        vm.refresh(); // the machine has not moved: still the same moment
        assertThat(vm.snapshotProperty().get().walk()).isEqualTo(found);
        stepTo(14); // the NIC's 8-byte write at 0x280000
        assertThat(vm.snapshotProperty().get().walk().iova()).as("the step's own walk, not the find's")
            .isEqualTo(0x280000);
    }

    @Test
    void theInspectorDetailDecodesTheEntryAndEncodesItInEveryFamily() {
        stepTo(10); // before the 8-byte write into the 2 MiB leaf: the tree shows it
        vm.expand(vm.expand(vm.snapshotProperty().get().rootRows().get(0)).join().get(0)).join();
        stepTo(11); // after it
        PageTableSnapshot s = vm.snapshotProperty().get();
        PtRow l2 = vm.expand(s.rootRows().get(0)).join().get(0);
        PtRow huge = vm.expand(l2).join().stream().filter(r -> r.firstIova() == 0x200000).findFirst().orElseThrow();
        EntryDetail d = vm.select(huge).join();
        assertThat(d.fields()).extracting(f -> f.name()).contains("R", "W", "PS", "A", "D", "Address");
        assertThat(d.dirtyMechanism()).isEqualTo("dirty when D=1");
        assertThat(d.sameMapping()).hasSize(4).allSatisfy(e -> assertThat(e.encodable()).isTrue());
        assertThat(d.bitsSet()).as("A and D were set by the write").isEqualTo((1L << 8) | (1L << 9));
        assertThat(vm.detailProperty().get()).isEqualTo(d);
    }

    @Test
    void zoomingInAndPanningMoveTheMapViewport() {
        stepTo(8);
        MapViewport before = vm.snapshotProperty().get().viewport();
        vm.zoomMap(1);
        MapViewport after = vm.snapshotProperty().get().viewport();
        assertThat(after.bucketShift()).isEqualTo(Math.max(12, before.bucketShift() - 1));
        vm.panMap(1);
        assertThat(vm.snapshotProperty().get().viewport().firstIova()).isEqualTo(after.firstIova()
            + ((long) after.columns() << after.bucketShift()));
    }
}

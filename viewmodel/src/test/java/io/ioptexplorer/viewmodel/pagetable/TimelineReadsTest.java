package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.inspect.MachineInspect;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.RadixFolding;
import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.pagetable.Access;
import io.ioptexplorer.hardware.pagetable.FaultReason;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.events.WalkFault;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the page-table view reads from the timeline of the default tour (run with its timeline on, every event kept
 * as the live session keeps the recent ones): the walk level by level while paused inside it, an entry's history,
 * and the IOTLB activity between two moments.
 */
class TimelineReadsTest {
    private static final Path TOUR = Path.of("..", "sample-topologies", "tour-dirty-tracking-basics.yaml");
    private final List<TimelineEvent> events = new ArrayList<>();
    private final TimelineIndex index = new TimelineIndex();
    private ScenarioRun run;

    @BeforeEach
    void runTheTour() throws Exception {
        Topology t = TopologyLoader.load(TOUR);
        run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), e -> {
            events.add(e);
            index.onEvent(e);
        }, true);
    }

    private Optional<TimelineEvent> recent(long seq) {
        return seq >= 0 && seq < events.size() ? Optional.of(events.get((int) seq)) : Optional.empty();
    }

    private void stepTo(int nextIndex) {
        while (run.nextIndex() < nextIndex) {
            run.step();
        }
    }

    private int hwpt() {
        return MachineInspect.hwpts(run.machine()).get(0).id();
    }

    @Test
    void insideTheFirstDmaWriteTheWalkLightsOneLevelPerWalkStep() {
        stepTo(8); // step 7 is the first dma
        PageTableFormat fmt = MachineInspect.pageTable(run.machine(), hwpt()).format();
        List<TimelineEvent> ofStep = events.stream().filter(e -> e.step() == 7).toList();
        TimelineEvent miss = ofStep.stream().filter(e -> e.kind() == EventKind.IOTLB_MISS).findFirst().orElseThrow();
        assertThat(WalkInProgress.upTo(miss.seq(), hwpt(), fmt, this::recent)).as("no level read yet").isEmpty();
        List<TimelineEvent> steps = ofStep.stream().filter(e -> e.seq() > miss.seq())
            .takeWhile(e -> e.kind() == EventKind.WALK_STEP).toList();
        assertThat(steps).hasSize(4);
        for (int k = 0; k < steps.size(); k++) {
            WalkTrace w = WalkInProgress.upTo(steps.get(k).seq(), hwpt(), fmt, this::recent).orElseThrow();
            assertThat(w.levels()).extracting(WalkLevel::level).as("after walk-step %d", k + 1)
                .containsExactlyElementsOf(List.of(3, 2, 1, 0).subList(0, k + 1));
            assertThat(w.reachedLeaf()).isEqualTo(k == 3);
            if (k < 3) {
                assertThat(w.stoppedWhy()).contains("paused inside the walk").contains("level " + (3 - k) + " read");
            }
        }
        WalkTrace done = WalkInProgress.upTo(steps.get(3).seq(), hwpt(), fmt, this::recent).orElseThrow();
        assertThat(done.levels().get(3).index()).isEqualTo((int) (done.iova() >>> 12) & 511);
        assertThat(done.leafSize()).isEqualTo(4096);
        // The IOTLB fill that ends the translation still shows the whole walk.
        TimelineEvent fill = ofStep.stream().filter(e -> e.kind() == EventKind.IOTLB_FILL).findFirst().orElseThrow();
        assertThat(WalkInProgress.upTo(fill.seq(), hwpt(), fmt, this::recent).orElseThrow().levels()).hasSize(4);
    }

    @Test
    void theNextStepsEventsShowNoWalkOfTheLastStepsDma() {
        stepTo(9); // step 7, the dma; step 8 reads the dirty bitmap (its events name the same HWPT, no DMA)
        PageTableFormat fmt = MachineInspect.pageTable(run.machine(), hwpt()).format();
        List<TimelineEvent> read = events.stream().filter(e -> e.step() == 8).toList();
        assertThat(read).isNotEmpty();
        assertThat(events.stream().filter(e -> e.step() == 7 && e.kind() == EventKind.WALK_STEP)).isNotEmpty();
        for (TimelineEvent e : read) {
            assertThat(WalkInProgress.upTo(e.seq(), hwpt(), fmt, this::recent)).as("at %s", e).isEmpty();
        }
    }

    @Test
    void aFaultingWalkSaysAtWhichLevelItStoppedAndWhy() {
        PageTableFormat fmt = PageTableFormats.vtdSecondStage(4);
        EventScope scope = new EventScope("vtd0", 7);
        List<TimelineEvent> walk = List.of(
            new TimelineEvent(0, 3, 0, new WalkStep(0x5000_0000L, 3, 0x1000, 0, 0x2003, PageTableFormat.TABLE), scope),
            new TimelineEvent(1, 3, 0, new WalkStep(0x5000_0000L, 2, 0x2000, 1, 0, PageTableFormat.EMPTY), scope),
            new TimelineEvent(2, 3, 0, new WalkFault(0x5000_0000L, Access.WRITE, 2, FaultReason.NOT_PRESENT, 0),
                scope));
        WalkTrace w = WalkInProgress.upTo(2, 7, fmt, s -> Optional.of(walk.get((int) s))).orElseThrow();
        assertThat(w.levels()).extracting(WalkLevel::level).containsExactly(3, 2);
        assertThat(w.reachedLeaf()).isFalse();
        assertThat(w.stoppedWhy()).contains("fault at level 2").contains("entry 1 of table 0x2000")
            .contains("NOT_PRESENT").contains("write");
        assertThat(WalkInProgress.upTo(2, 8, fmt, s -> Optional.of(walk.get((int) s)))).as("another HWPT").isEmpty();
    }

    @Test
    void theSplitLeafsHistoryListsItsWritesNewestFirst() {
        stepTo(14); // past the split (step 12) and the dma after it (step 13)
        IoPageTable pt = MachineInspect.pageTable(run.machine(), hwpt());
        WalkTrace w = WalkTrace.of(pt, 0x280000);
        WalkLevel leaf = w.levels().get(w.levels().size() - 1);
        PtRow row = new PtRow(PtRow.Kind.LEAVES, 0, leaf.tablePa(), leaf.index(), leaf.index(), 0x280000, 0x280fff,
            4096, 1, leaf.raw(), 0, 0, false, true, "");
        long now = index.size() - 1;
        List<EntryWrite> h = EntryHistory.of(index, now, hwpt(), row, this::recent);
        assertThat(h).extracting(EntryWrite::seq).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(h).extracting(EntryWrite::kind).contains("entry-updated", "leaf-split", "leaf-mapped");
        assertThat(h.get(0).step()).as("the newest write is the dma of step 13 (hardware sets D)").isEqualTo(13);
        assertThat(h.get(0).text()).contains("entry " + leaf.index() + " of table 0x" + Long.toHexString(
            leaf.tablePa()));
        for (EntryWrite e : h) { // its own writes, or a run or leaf that held its IOVA
            assertThat(index.touches(e.seq(), 0x280000L, 0x280000L)).as("%s", e).isTrue();
        }
        // Before the split the entry's table did not exist: the writes of the 2 MiB leaf are all there is.
        long beforeSplit = index.firstSeqOfStep(12) - 1;
        assertThat(EntryHistory.of(index, beforeSplit, hwpt(), row, this::recent))
            .extracting(EntryWrite::kind).doesNotContain("leaf-split").contains("leaf-mapped");
    }

    @Test
    void theIotlbActivityOfADmaStepCountsItsFillsAndHitsAndNamesTheEntries() {
        stepTo(7);
        long before = index.size() - 1;
        stepTo(8);
        long after = index.size() - 1;
        IotlbActivity a = IotlbActivity.between(index, before, after, this::recent);
        long fills = events.stream().filter(e -> e.step() == 7 && e.kind() == EventKind.IOTLB_FILL).count();
        long hits = events.stream().filter(e -> e.step() == 7 && e.kind() == EventKind.IOTLB_HIT).count();
        assertThat(fills).isPositive();
        assertThat(a.of("vtd0").fills()).isEqualTo(fills);
        assertThat(a.of("vtd0").hits()).isEqualTo(hits);
        assertThat(a.touches()).filteredOn(t -> t.what() == IotlbActivity.What.FILL).hasSize((int) fills)
            .allSatisfy(t -> assertThat(t.unitId()).isEqualTo("vtd0"));
        assertThat(IotlbActivity.between(index, after, before, this::recent).byUnit()).as("backwards").isEmpty();
    }
}

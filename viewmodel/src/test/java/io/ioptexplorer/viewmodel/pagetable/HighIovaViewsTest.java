package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page-table tree, the IOVA map and the IOTLB view on a mapping above 2^63 (hardware's high-iova.yaml: 2 MiB
 * at 0xffffffffffe00000, one DMA write at 0xffffffffffe01000): the rows, the map's viewport, find-by-IOVA and the
 * cached IOTLB line carry the u64 IOVAs, so the map shows the mapping instead of an empty space at 0.
 */
class HighIovaViewsTest {
    static final Path FILE = Path.of("..", "hardware", "src", "test", "resources", "high-iova.yaml");
    private static final long TOP = 0xffffffffffe00000L;
    private static final long WRITTEN = 0xffffffffffe01000L;
    private ScenarioRun run;
    private PageTableViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        Topology t = TopologyLoader.load(FILE);
        PausedRun paused = new PausedRun(t, 7);
        run = paused.run;
        vm = new PageTableViewModel(paused);
        vm.refresh(); // as the window does when the file opens: nothing is mapped yet
        while (run.hasNext()) {
            assertThat(run.step().ok()).isTrue();
            vm.refresh(); // the map follows the default view until the user zooms or pans
        }
    }

    private void leaves(List<PtRow> rows, List<PtRow> out) {
        for (PtRow r : rows) {
            if (r.kind() == PtRow.Kind.LEAVES) {
                out.add(r);
            } else if (r.kind() == PtRow.Kind.TABLE) {
                leaves(vm.expand(r).join(), out);
            }
        }
    }

    @Test
    void theTreeRowsCarryTheU64Iovas() {
        List<PtRow> l = new java.util.ArrayList<>();
        leaves(vm.snapshotProperty().get().rootRows(), l);
        // 4 KiB leaves (the backing is 4 KiB): the first at 0xffffffffffe00000, the last run ending at 2^64 - 1
        assertThat(l.get(0).firstIova()).isEqualTo(TOP);
        assertThat(l).anySatisfy(r -> {
            assertThat(r.firstIova()).isEqualTo(WRITTEN);
            assertThat(r.dirty()).isTrue();
        });
        assertThat(l.get(l.size() - 1).lastIova()).isEqualTo(-1L); // 0xffffffffffffffff
    }

    @Test
    void theMapStartsWhereTheHighMappingIsAndShowsTheDirtyLeaf() {
        PageTableSnapshot s = vm.snapshotProperty().get();
        MapViewport v = s.viewport();
        assertThat(Long.compareUnsigned(v.firstIova(), TOP)).isLessThanOrEqualTo(0);
        assertThat(Long.compareUnsigned(v.firstIova() + (v.span() - 1), -1L)).isZero(); // reaches the top byte
        int cell = (int) ((WRITTEN - v.firstIova()) >>> v.bucketShift());
        assertThat(s.map().state(cell)).isEqualTo(IovaMap.DIRTY);
        vm.zoomMap(1); // zooming keeps the map up there (it used to clamp a "negative" first IOVA to 0)
        assertThat(Long.compareUnsigned(vm.snapshotProperty().get().viewport().firstIova(), 1L << 63))
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void findByIovaAcceptsAnIovaAbove2To63() {
        WalkTrace w = vm.find("0xffffffffffe01000").join();
        assertThat(w).isNotNull();
        assertThat(w.iova()).isEqualTo(WRITTEN);
        assertThat(w.reachedLeaf()).isTrue();
        assertThat(vm.messageProperty().get()).isEmpty();
    }

    @Test
    void theIotlbLineCachesTheHighLeaf() {
        List<IotlbLine> lines = vm.snapshotProperty().get().iotlbs().get(0).lines();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.leafIova()).isEqualTo(WRITTEN);
            assertThat(l.cachedDirty()).isTrue();
        });
    }
}

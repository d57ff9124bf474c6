package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.MachineInspect;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.Selection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Paused inside the events that fill a new HWPT's page table (IOMMU_HWPT_ALLOC maps the IOAS's areas into it before
 * the HWPT is finalized, as iommufd_hwpt_paging_alloc → iopt_table_add_domain does before iommufd_object_finalize),
 * the page-table view shows that table as it is being built: it never says the machine has none.
 */
class TableBeingBuiltTest {
    private final List<TimelineEvent> events = new ArrayList<>();
    private final TimelineIndex index = new TimelineIndex();
    private final List<PageTableSnapshot> seen = new ArrayList<>();
    private final List<TimelineEvent> pausedAt = new ArrayList<>();
    private ScenarioRun run;

    @ParameterizedTest(name = "{0}, step {1}")
    @CsvSource({"riscv-no-upstream-dirty.yaml, 4", "type1-emulated-pinned.yaml, 5"})
    void insideTheStepThatBuildsAHwptTheViewShowsItsTable(String sample, int stepOnScreen) throws Exception {
        Topology t = TopologyLoader.load(Path.of("..", "sample-topologies", sample));
        int step = stepOnScreen - 1;
        run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), e -> {
            events.add(e);
            index.onEvent(e);
            if (e.step() == step && e.scope().hwpt() >= 0 && pausedAt.size() < 400) {
                pausedAt.add(e);
                seen.add(PageTableViewModel.capture(pausedInside(e), null, null, null, Long.MIN_VALUE, null));
            }
        }, true);
        while (run.nextIndex() <= step) {
            run.step();
        }
        assertThat(seen).as("events of step %d that name a HWPT", stepOnScreen).isNotEmpty();
        for (int i = 0; i < seen.size(); i++) {
            PageTableSnapshot s = seen.get(i);
            TimelineEvent e = pausedAt.get(i);
            if (i == 0) {
                // The root table's own event, emitted while the IoPageTable is constructed: no table to show yet,
                // but the snapshot names the HWPT being set up (the walk line says so).
                assertThat(e.event()).isInstanceOf(TableAllocated.class);
                assertThat(s.hwptBeingSetUp()).isEqualTo(e.scope().hwpt());
                continue;
            }
            assertThat(s.hwpt()).as("paused inside %s", e).isNotNull();
            assertThat(s.hwpt().id()).as("paused inside %s", e).isEqualTo(e.scope().hwpt());
            assertThat(s.hwptBeingSetUp()).isEqualTo(-1);
        }
        assertThat(seen.subList(1, seen.size())).as("the table grows while the HWPT is being allocated")
            .anySatisfy(s -> {
                assertThat(s.hwpt().beingAllocated()).isTrue();
                assertThat(s.hwpt().label()).contains("being allocated");
                assertThat(s.rootRows()).isNotEmpty();
            });
        assertThat(MachineInspect.hwpts(run.machine())).as("once the step is done").isNotEmpty()
            .noneMatch(MachineInspect.HwptInfo::beingAllocated);
    }

    private PausedMachine pausedInside(TimelineEvent e) {
        return new PausedMachine() {
            @Override
            public ScenarioRun run() {
                return run;
            }

            @Override
            public Moment moment() {
                return new Moment(e.step(), e.seq());
            }

            @Override
            public Optional<TimelineEvent> event() {
                return Optional.of(e);
            }

            @Override
            public Selection selection() {
                return Selection.NONE;
            }

            @Override
            public TimelineIndex timeline() {
                return index;
            }

            @Override
            public Optional<TimelineEvent> recentEvent(long seq) {
                return seq >= 0 && seq < events.size() ? Optional.of(events.get((int) seq)) : Optional.empty();
            }
        };
    }
}

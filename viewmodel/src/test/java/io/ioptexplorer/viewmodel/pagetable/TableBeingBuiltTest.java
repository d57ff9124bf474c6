package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.MachineInspect;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Paused inside the events that fill a new HWPT's page table (IOMMU_HWPT_ALLOC maps the IOAS's areas into it before
 * the HWPT is finalized, as iommufd_hwpt_paging_alloc → iopt_table_add_domain does before iommufd_object_finalize),
 * the page-table view shows that table as it is being built: it never says the machine has none.
 */
class TableBeingBuiltTest {
    @ParameterizedTest(name = "{0}, step {1}")
    @CsvSource({"riscv-no-upstream-dirty.yaml, 4", "type1-emulated-pinned.yaml, 5"})
    void insideTheStepThatBuildsAHwptTheViewShowsItsTable(String sample, int stepOnScreen) throws Exception {
        int step = stepOnScreen - 1;
        PausedInside p = new PausedInside(sample, step, e -> e.step() == step && e.scope().hwpt() >= 0, 400);
        List<PausedInside.Seen> seen = p.seen;
        assertThat(seen).as("events of step %d that name a HWPT", stepOnScreen).isNotEmpty();
        for (int i = 0; i < seen.size(); i++) {
            PageTableSnapshot s = seen.get(i).snapshot();
            var e = seen.get(i).event();
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
            .anySatisfy(x -> {
                assertThat(x.snapshot().hwpt().beingAllocated()).isTrue();
                assertThat(x.snapshot().hwpt().label()).contains("being allocated");
                assertThat(x.snapshot().rootRows()).isNotEmpty();
            });
        assertThat(MachineInspect.hwpts(p.run.machine())).as("once the step is done").isNotEmpty()
            .noneMatch(MachineInspect.HwptInfo::beingAllocated);
    }
}

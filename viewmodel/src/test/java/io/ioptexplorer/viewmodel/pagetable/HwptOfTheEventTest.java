package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.timeline.EventCatalog;
import org.junit.jupiter.api.Test;

/**
 * Paused inside a device's DMA access or IOTLB hit, the tab shows the HWPT that access goes through. Those events name
 * their HWPT in their own fields, not in a page table's scope: the mixed-host sample's first migration showed the
 * newest HWPT (nic1's, 7) while nic0's accesses through HWPT 6 were stepped into.
 */
class HwptOfTheEventTest {
    @Test
    void insideADeviceAccessTheTabShowsTheHwptItGoesThrough() throws Exception {
        int migrate = PausedInside.stepOf("mixed-host-no-dirty-iommu.yaml", "migrate");
        PausedInside p = new PausedInside("mixed-host-no-dirty-iommu.yaml", migrate,
            e -> e.step() == migrate && (e.event() instanceof DmaAccess || e.event() instanceof IotlbHit), 40);
        assertThat(p.seen).isNotEmpty();
        var hwpts = p.seen.get(0).snapshot().hwpts();
        int newest = hwpts.get(hwpts.size() - 1).id();
        assertThat(p.seen).as("some accesses go through another HWPT than the newest")
            .anySatisfy(x -> assertThat(EventCatalog.subject(x.event().event(), x.event().scope()).hwpt())
                .isNotEqualTo(newest));
        for (PausedInside.Seen x : p.seen) {
            int hwpt = EventCatalog.subject(x.event().event(), x.event().scope()).hwpt();
            assertThat(hwpt).as("%s names a HWPT", x.event()).isNotNegative();
            assertThat(x.snapshot().hwpt().id()).as("paused inside %s", x.event()).isEqualTo(hwpt);
        }
    }
}

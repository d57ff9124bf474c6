package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuStats;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One gathered flush per read-and-clear against one flush per cleaned entry: the commands and time each costs. */
class InvalidationBatchingTest {
    private static final long BASE = 1L << 24;
    private static final int PAGES = 64;

    private static IommuStats readAndClearAfterWritingEveryPage(IommuModel model, PageTableFormat format,
                                                                InvalidationBatching batching) {
        MockRig rig = new MockRig(64L << 20, 4096);
        IommuUnit unit = rig.unit("u0", model, format, true, IommuFaults.NONE, batching);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        fd.ioasMap(ioas, BASE, PAGES * 4096L, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        for (int i = 0; i < PAGES; i++) {
            MockRig.dmaWrite(port, rig.memory, BASE + i * 4096L, 8);
        }
        IommuStats before = unit.stats();
        assertThat(fd.getDirtyBitmap(hwpt, BASE, PAGES * 4096L, 4096, 0).cardinality()).isEqualTo(PAGES);
        IommuStats after = unit.stats();
        Map<String, Long> delta = new java.util.TreeMap<>();
        after.commands().forEach((k, v) -> delta.put(k, v - before.commands().getOrDefault(k, 0L)));
        delta.values().removeIf(v -> v == 0);
        return new IommuStats(0, 0, 0, 0, 0, after.invalidationNs() - before.invalidationNs(), delta, after.iotlb());
    }

    @Test
    void amdGathersIntoOneCommandPlusOneWait() {
        IommuStats gathered = readAndClearAfterWritingEveryPage(IommuModel.AMD_V1, PageTableFormats.amdV1(4),
                InvalidationBatching.GATHERED);
        IommuStats perEntry = readAndClearAfterWritingEveryPage(IommuModel.AMD_V1, PageTableFormats.amdV1(4),
                InvalidationBatching.PER_ENTRY);
        assertThat(gathered.commands()).containsExactlyInAnyOrderEntriesOf(
                Map.of("INVALIDATE_IOMMU_PAGES", 1L, "COMPLETION_WAIT", 1L));
        assertThat(perEntry.commands()).containsExactlyInAnyOrderEntriesOf(
                Map.of("INVALIDATE_IOMMU_PAGES", (long) PAGES, "COMPLETION_WAIT", (long) PAGES));
        assertThat(perEntry.invalidationNs()).isEqualTo(PAGES * gathered.invalidationNs());
    }

    @Test
    void vtdUsesPageSelectiveInvalidationWithAWaitDescriptor() {
        IommuStats gathered = readAndClearAfterWritingEveryPage(IommuModel.VTD_SS,
                PageTableFormats.vtdSecondStage(4), InvalidationBatching.GATHERED);
        assertThat(gathered.commands()).containsExactlyInAnyOrderEntriesOf(Map.of("IOTLB_PSI", 1L, "INV_WAIT", 1L));
    }

    @Test
    void smmuSendsOneTlbiPerPageThenOneSync() {
        IommuStats gathered = readAndClearAfterWritingEveryPage(IommuModel.SMMUV3, PageTableFormats.smmuV3(1, 4096),
                InvalidationBatching.GATHERED);
        assertThat(gathered.commands()).containsExactlyInAnyOrderEntriesOf(
                Map.of("CMD_TLBI_NH_VA", (long) PAGES, "CMD_SYNC", 1L));
        IommuStats perEntry = readAndClearAfterWritingEveryPage(IommuModel.SMMUV3, PageTableFormats.smmuV3(1, 4096),
                InvalidationBatching.PER_ENTRY);
        assertThat(perEntry.commands()).containsExactlyInAnyOrderEntriesOf(
                Map.of("CMD_TLBI_NH_VA", (long) PAGES, "CMD_SYNC", (long) PAGES));
        assertThat(perEntry.invalidationNs()).isGreaterThan(gathered.invalidationNs());
    }
}

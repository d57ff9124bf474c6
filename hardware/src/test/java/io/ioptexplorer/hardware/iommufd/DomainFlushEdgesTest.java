package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import org.junit.jupiter.api.Test;

/**
 * What a domain's page-table changes owe the IOTLB, at the edges PIT found untested on the {@code iommu} package
 * (issue 16): an unmap flushes the unmapped range from every unit (a DMA there faults at once, not through a stale
 * entry) and says how many bytes it unmapped; a collapse drops the small translations cached inside it (the next
 * access caches the 2 MiB leaf); moving a device to another HWPT takes it out of the first, whose dirty-tracking
 * switch then no longer reaches its A/D knob. VT-d second stage, 4 levels.
 */
class DomainFlushEdgesTest {
    private static final long BASE = MockRig.APERTURE_START; // 16 MiB: 2 MiB aligned
    private static final long PAGE = 4096;
    private static final long M2 = 2L << 20;

    private final MockRig rig = new MockRig(64L << 20, 4096);
    private final IommuUnit unit = rig.unit("u0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), true,
            new IommuFaults(false), InvalidationBatching.GATHERED);
    private final Iommufd fd = rig.iommufd;
    private final IommuUnit.Port port = unit.port("dev0");
    private final int dev = fd.bindDevice(port);
    private final int ioas = fd.ioasAlloc();

    private int hwpt() {
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        return hwpt;
    }

    private void map(long length) {
        fd.setHugePages(ioas, false);
        fd.ioasMap(ioas, BASE, length, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
    }

    @Test
    void anUnmapFlushesTheRangeSoADmaThereFaultsAtOnce() {
        map(4 * PAGE);
        fd.attach(dev, hwpt());
        for (int i = 0; i < 4; i++) {
            assertThat(port.access(BASE + i * PAGE, true)).isNotNegative();
        }
        IommuDomain domain = port.domain();
        assertThat(domain.unmap(BASE + PAGE, 2 * PAGE)).as("bytes unmapped").isEqualTo(2 * PAGE);
        assertThat(port.access(BASE + PAGE, true)).as("no stale IOTLB entry serves the unmapped page").isEqualTo(-1);
        assertThat(port.access(BASE + 2 * PAGE, false)).isEqualTo(-1);
        assertThat(port.access(BASE, true)).as("the page before stays mapped").isNotNegative();
        assertThat(port.access(BASE + 3 * PAGE, true)).as("and the page after").isNotNegative();
        assertThat(domain.unmap(BASE + PAGE, 2 * PAGE)).as("nothing left to unmap there").isZero();
    }

    @Test
    void aCollapseDropsTheSmallTranslationsCachedInsideIt() {
        map(M2);
        fd.attach(dev, hwpt());
        for (int i = 0; i < 3; i++) {
            port.access(BASE + i * PAGE, false);
        }
        assertThat(unit.iotlb().validEntries()).isEqualTo(3);
        port.domain().collapseAndFlush(BASE, M2);
        assertThat(unit.iotlb().validEntries()).as("the 4 KiB entries cached before the collapse").isZero();
        port.access(BASE + 5 * PAGE, false);
        int slot = unit.iotlb().lookup(port.domain().id(), BASE + 7 * PAGE);
        assertThat(slot).isNotNegative();
        assertThat(unit.iotlb().cachedLeafSize(slot)).as("the next access caches the 2 MiB leaf").isEqualTo(M2);
    }

    @Test
    void aDeviceMovedToAnotherHwptIsOutOfTheFirstsDirtyTracking() {
        map(4 * PAGE);
        int first = hwpt();
        int second = hwpt();
        fd.attach(dev, first);
        fd.attach(dev, second);
        assertThat(port.domain().id()).isEqualTo(fd.hwpt(second).domain().id());
        fd.setDirtyTracking(first, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        assertThat(port.dirtyUpdatesOn()).as("the first HWPT's switch does not reach a device it lost").isFalse();
        fd.setDirtyTracking(second, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        assertThat(port.dirtyUpdatesOn()).as("its own HWPT's switch does").isTrue();
    }
}

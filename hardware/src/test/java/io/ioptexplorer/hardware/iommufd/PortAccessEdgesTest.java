package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.events.DmaFault;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.iommu.events.IotlbInvalidated;
import io.ioptexplorer.hardware.iommu.events.IotlbMiss;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.sim.CostModel;
import org.junit.jupiter.api.Test;

/**
 * One DMA access through an IOMMU port at the edges PIT found untested on the {@code iommu} package (issue 16): a
 * device with no domain is blocked (-1 and a fault, never address 0); a hit on a cached entry still checks the
 * permissions it cached; the event of a hit says hit even in slot 0; detaching a device drops its domain's IOTLB
 * entries and turns its A/D updates off (the kernel's detach flushes the IOTLB, and the next domain starts with the
 * knobs it sets); and the unit counts accesses, faults and the writes a dirty cached entry let through without a walk.
 * VT-d second stage: its R and W bits are separate, so a write-only mapping exists.
 */
class PortAccessEdgesTest {
    private static final long BASE = MockRig.APERTURE_START;
    private static final long PAGE = 4096;

    private final MockRig rig = new MockRig(64L << 20, 4096);
    /** One set of four ways: the first entry cached lands in slot 0. */
    private final IommuUnit unit = new IommuUnit("u0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), 2,
            new IommuFeatures(true, true), 4, 4, new IommuFaults(false), InvalidationBatching.GATHERED,
            CostModel.defaults(), rig.events);
    private final Iommufd fd = rig.iommufd;

    private int attached(IommuUnit.Port port, int mapFlags) {
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        int dev = fd.bindDevice(port);
        fd.ioasMap(ioas, BASE, 4 * PAGE, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA | mapFlags);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        return dev;
    }

    @Test
    void aDeviceWithNoDomainIsBlockedWithAFault() {
        IommuUnit.Port port = unit.port("dev0");
        assertThat(port.access(BASE, true)).isEqualTo(-1);
        assertThat(port.access(BASE, false)).isEqualTo(-1);
        assertThat(rig.events.ofType(DmaFault.class)).hasSize(2)
                .allSatisfy(f -> assertThat(f.reason()).contains("no domain attached"));
        assertThat(unit.stats().faults()).isEqualTo(2);
        assertThat(unit.stats().accesses()).isEqualTo(2);
    }

    @Test
    void aHitChecksThePermissionsTheEntryCached() {
        IommuUnit.Port reader = unit.port("reader");
        attached(reader, Iommufd.IOAS_MAP_READABLE);
        assertThat(reader.access(BASE, false)).as("a read fills the IOTLB").isNotNegative();
        rig.events.clear();
        assertThat(reader.access(BASE + 8, true)).as("a write through the cached read-only entry").isEqualTo(-1);
        assertThat(rig.events.ofType(IotlbHit.class)).as("it was a hit").hasSize(1);
        assertThat(rig.events.ofType(DmaFault.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("write to a read-only mapping"));

        IommuUnit.Port writer = unit.port("writer");
        attached(writer, Iommufd.IOAS_MAP_WRITEABLE);
        assertThat(writer.access(BASE, true)).as("a write fills the IOTLB").isNotNegative();
        rig.events.clear();
        assertThat(writer.access(BASE + 8, false)).as("a read through the cached write-only entry").isEqualTo(-1);
        assertThat(rig.events.ofType(IotlbHit.class)).hasSize(1);
        assertThat(rig.events.ofType(DmaFault.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("read of a write-only mapping"));
    }

    @Test
    void theFirstEntryCachedIsSlotZeroAndAHitThereIsAnnouncedAsAHit() {
        IommuUnit.Port port = unit.port("dev0");
        attached(port, Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        port.access(BASE, false);
        assertThat(unit.iotlb().lookup(port.domain().id(), BASE)).isZero();
        rig.events.clear();
        long pa = port.access(BASE + 0x10, false);
        assertThat(pa).isEqualTo(rig.memory.hostPhysical(0x10));
        assertThat(rig.events.ofType(IotlbHit.class)).singleElement()
                .satisfies(h -> assertThat(h.leafSize()).isEqualTo(PAGE));
        assertThat(rig.events.ofType(IotlbMiss.class)).isEmpty();
    }

    @Test
    void detachDropsTheDomainsIotlbEntriesAndTurnsAdUpdatesOff() {
        IommuUnit.Port port = unit.port("dev0");
        int dev = attached(port, Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        int domain = port.domain().id();
        for (int i = 0; i < 3; i++) {
            port.access(BASE + i * PAGE, true);
        }
        assertThat(port.dirtyUpdatesOn()).isTrue();
        assertThat(unit.iotlb().validEntries()).isEqualTo(3);
        rig.events.clear();
        fd.detach(dev);
        assertThat(unit.iotlb().validEntries()).as("detach flushes the domain's entries").isZero();
        assertThat(rig.events.ofType(IotlbInvalidated.class))
                .anySatisfy(e -> assertThat(e).isEqualTo(new IotlbInvalidated("u0", "detach", domain, 0, -1L, 3)));
        assertThat(port.dirtyUpdatesOn()).as("detach turns Dirty updates off").isFalse();
        assertThat(port.access(BASE, true)).as("and the device is blocked").isEqualTo(-1);
    }

    @Test
    void theUnitCountsAccessesAndTheWritesADirtyCachedEntryLetThrough() {
        IommuUnit.Port port = unit.port("dev0");
        attached(port, Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        port.access(BASE, true); // miss, walk, cached dirty
        port.access(BASE + 64, true); // hit on a dirty entry: no walk
        port.access(BASE + 128, true);
        port.access(BASE + 192, false);
        assertThat(unit.stats().accesses()).isEqualTo(4);
        assertThat(unit.stats().dirtyWritesSkippedByIotlb()).isEqualTo(2);
        assertThat(unit.stats().walks()).isEqualTo(1);
        assertThat(unit.stats().faults()).isZero();
    }
}

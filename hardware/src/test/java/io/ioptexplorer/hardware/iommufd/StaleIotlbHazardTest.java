package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.events.DirtyFlushSkipped;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clearing a Dirty bit without invalidating the IOTLB loses the next write to that page: the write hits an entry
 * cached as dirty and never reaches the page table (design.md; reference §4.5, RISC-V spec issue #173).
 */
class StaleIotlbHazardTest {
    private static final long BASE = 1L << 24;
    private static final long PAGE = 4096;

    static Stream<Object[]> dirtyCapableUnits() {
        return Stream.of(
                new Object[] {IommuModel.AMD_V1, PageTableFormats.amdV1(4)},
                new Object[] {IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4)},
                new Object[] {IommuModel.SMMUV3, PageTableFormats.smmuV3(1, 4096)},
                new Object[] {IommuModel.MOCK, PageTableFormats.mock()});
    }

    /** Returns how many of the second round's written pages the second read reported. */
    private static long secondRoundReported(IommuModel model, PageTableFormat format, boolean skipFlush,
                                            InvalidationBatching batching, MockRig[] rigOut) {
        MockRig rig = new MockRig(64L << 20, 4096);
        rigOut[0] = rig;
        IommuUnit unit = rig.unit("u0", model, format, true, new IommuFaults(skipFlush), batching);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        long length = 16 * PAGE;
        fd.ioasMap(ioas, BASE, length, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);

        for (long off = 0; off < length; off += PAGE) {
            MockRig.dmaWrite(port, rig.memory, BASE + off, 64);
        }
        IovaBitmap first = fd.getDirtyBitmap(hwpt, BASE, length, PAGE, 0);
        assertThat(first.cardinality()).isEqualTo(16);

        for (long off = 0; off < length; off += PAGE) {
            MockRig.dmaWrite(port, rig.memory, BASE + off, 64);
        }
        return fd.getDirtyBitmap(hwpt, BASE, length, PAGE, 0).cardinality();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dirtyCapableUnits")
    void withTheFlushNothingIsLost(IommuModel model, PageTableFormat format) {
        MockRig[] rig = new MockRig[1];
        assertThat(secondRoundReported(model, format, false, InvalidationBatching.GATHERED, rig)).isEqualTo(16);
        assertThat(secondRoundReported(model, format, false, InvalidationBatching.PER_ENTRY, rig)).isEqualTo(16);
        assertThat(rig[0].events.ofType(DirtyFlushSkipped.class)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dirtyCapableUnits")
    void skippingTheFlushLosesPagesAndSaysSo(IommuModel model, PageTableFormat format) {
        MockRig[] rig = new MockRig[1];
        long reported = secondRoundReported(model, format, true, InvalidationBatching.GATHERED, rig);
        assertThat(reported).as("writes hit IOTLB entries cached dirty and never set D again").isZero();
        assertThat(rig[0].events.ofType(DirtyFlushSkipped.class)).isNotEmpty()
                .anySatisfy(e -> assertThat(e.staleDirtyEntries()).isPositive());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dirtyCapableUnits")
    void droppedDirtyBitsReportNothingAndSaySo(IommuModel model, PageTableFormat format) {
        MockRig rig = new MockRig(64L << 20, 4096);
        IommuUnit unit = rig.unit("u0", model, format, true, new IommuFaults(false, false, true),
                InvalidationBatching.GATHERED);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        fd.ioasMap(ioas, BASE, 16 * PAGE, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        fd.getDirtyBitmap(hwpt, BASE, 16 * PAGE, PAGE, 0); // Arm S1 leaves start dirty: read them away first
        MockRig.dmaWrite(port, rig.memory, BASE, 64);
        assertThat(fd.getDirtyBitmap(hwpt, BASE, 16 * PAGE, PAGE, 0).cardinality()).isZero();
        assertThat(rig.events.ofType(io.ioptexplorer.hardware.iommu.events.FaultInjected.class))
                .anySatisfy(e -> assertThat(e.fault()).isEqualTo("drop-dirty-bits"));
    }

    @Test
    void skippedUnmapFlushLeavesAStaleTranslationTheDeviceCanStillUse() {
        MockRig rig = new MockRig(64L << 20, 4096);
        IommuUnit unit = rig.unit("u0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), true,
                new IommuFaults(false, true, false), InvalidationBatching.GATHERED);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        fd.ioasMap(ioas, BASE, 16 * PAGE, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        fd.attach(dev, fd.hwptAlloc(dev, ioas, 0));
        assertThat(port.access(BASE, true)).isNotNegative();
        fd.ioasUnmap(ioas, BASE, 16 * PAGE);
        assertThat(port.access(BASE, true)).as("stale IOTLB entry still translates").isNotNegative();
        assertThat(port.access(BASE + PAGE, true)).as("never cached: faults").isNegative();
    }
}

package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An IOTLB entry first cached clean by a read, then written: the write goes back to the page table once to set Dirty,
 * and from then on the entry is cached dirty (design.md, "The IOTLB caches translations together with the dirty state
 * it saw"). Issue 16 found that forgetting this (the entry stays cached clean) survived every test: then a skipped
 * flush after read-and-clear loses nothing, because each later write walks again. These tests pin both halves.
 */
class CleanCachedThenWrittenTest {
    private static final long BASE = MockRig.APERTURE_START;
    private static final long PAGE = 4096;
    private static final int PAGES = 16;

    static Stream<Object[]> dirtyCapableUnits() {
        return Stream.of(
                new Object[] {IommuModel.AMD_V1, PageTableFormats.amdV1(4)},
                new Object[] {IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4)},
                new Object[] {IommuModel.SMMUV3, PageTableFormats.smmuV3(1, 4096)},
                new Object[] {IommuModel.MOCK, PageTableFormats.mock()});
    }

    private record Rig(MockRig rig, IommuUnit unit, IommuUnit.Port port, int hwpt) {
        long readAndClear() {
            return rig.iommufd.getDirtyBitmap(hwpt, BASE, PAGES * PAGE, PAGE, 0).cardinality();
        }

        void touchEveryPage(boolean write) {
            for (int i = 0; i < PAGES; i++) {
                long pa = port.access(BASE + i * PAGE, write);
                assertThat(pa).as("access to page %d", i).isNotNegative();
                if (write) {
                    rig.memory.write(pa - rig.memory.hostBase(), 64);
                }
            }
        }
    }

    private static Rig rig(IommuModel model, PageTableFormat format, boolean skipDirtyFlush) {
        MockRig rig = new MockRig(64L << 20, 4096);
        IommuUnit unit = rig.unit("u0", model, format, true, new IommuFaults(skipDirtyFlush),
                InvalidationBatching.GATHERED);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        fd.ioasMap(ioas, BASE, PAGES * PAGE, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        Rig r = new Rig(rig, unit, port, hwpt);
        r.readAndClear(); // Arm stage-1 writable leaves start dirty (DBM): begin from a clean table in every format
        return r;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dirtyCapableUnits")
    void aWriteToAnEntryCachedCleanSetsDirtyOnceAndTheEntryBecomesDirty(IommuModel model, PageTableFormat format) {
        Rig r = rig(model, format, false);
        r.touchEveryPage(false); // fills the IOTLB clean
        assertThat(r.unit.iotlb().countCachedDirty(r.port.domain().id(), 0, Long.MAX_VALUE)).isZero();
        long walksBefore = r.unit.stats().walks();
        r.touchEveryPage(true);
        assertThat(r.unit.stats().walks() - walksBefore).as("one walk per page to set Dirty").isEqualTo(PAGES);
        walksBefore = r.unit.stats().walks();
        r.touchEveryPage(true);
        assertThat(r.unit.stats().walks() - walksBefore).as("cached dirty now: no more walks").isZero();
        assertThat(r.readAndClear()).isEqualTo(PAGES);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dirtyCapableUnits")
    void withTheFlushSkippedTheSecondRoundsWritesAreLost(IommuModel model, PageTableFormat format) {
        Rig r = rig(model, format, true);
        r.touchEveryPage(false);
        r.touchEveryPage(true);
        assertThat(r.readAndClear()).isEqualTo(PAGES);
        r.touchEveryPage(true);
        assertThat(r.readAndClear()).as("every write hit an entry cached dirty: nothing reached the table").isZero();
    }

    /** A hit translates like the walk that filled the entry, at every offset inside the leaf. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dirtyCapableUnits")
    void aHitGivesTheSameAddressAsTheWalk(IommuModel model, PageTableFormat format) {
        Rig r = rig(model, format, false);
        long iova = BASE + 3 * PAGE + 0x123;
        long walked = r.port.access(iova, false);
        long hits = r.unit.iotlb().stats().hits();
        assertThat(r.port.access(iova, false)).isEqualTo(walked);
        assertThat(r.port.access(iova, true)).isEqualTo(walked);
        assertThat(r.unit.iotlb().stats().hits() - hits).isEqualTo(2);
        assertThat(walked).isEqualTo(r.rig.memory.hostPhysical(iova - BASE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dirtyCapableUnits")
    void withTheFlushEverySecondRoundWriteIsReported(IommuModel model, PageTableFormat format) {
        Rig r = rig(model, format, false);
        r.touchEveryPage(false);
        r.touchEveryPage(true);
        assertThat(r.readAndClear()).isEqualTo(PAGES);
        r.touchEveryPage(true);
        assertThat(r.readAndClear()).isEqualTo(PAGES);
    }
}

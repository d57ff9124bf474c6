package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel's iommufd dirty-tracking selftest (tools/testing/selftests/iommu/iommufd.c, fixture
 * iommufd_dirty_tracking; reference §3) on the mock IOMMU, with one change: instead of the test-only
 * IOMMU_TEST_OP_DIRTY that sets Dirty bits directly, a simulated device writes through the IOMMU, so the hardware
 * path (IOTLB, walk, Dirty update) is what sets them.
 */
class IommufdDirtySelftestTest {
    private static final long MOCK_PAGE_SIZE = 2048;
    private static final long MOCK_HUGE_PAGE_SIZE = 512 * MOCK_PAGE_SIZE;

    /** Variants with the post-July-2024 buffer sizes and the expected number of dirtied PTEs (reference §3.2–3.3). */
    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("domain_dirty8k", 8L << 10, false, 2),
                Arguments.of("domain_dirty16k", 16L << 10, false, 4),
                Arguments.of("domain_dirty64k", 64L << 10, false, 16),
                Arguments.of("domain_dirty128k", 128L << 10, false, 32),
                Arguments.of("domain_dirty320k", 320L << 10, false, 80),
                Arguments.of("domain_dirty64M", 64L << 20, false, 16384),
                Arguments.of("domain_dirty64M_huge", 64L << 20, true, 32),
                Arguments.of("domain_dirty128M", 128L << 20, false, 32768),
                Arguments.of("domain_dirty128M_huge", 128L << 20, true, 64));
    }

    private record Fixture(MockRig rig, Iommufd fd, int ioas, int dev, int devNoDirty, IommuUnit.Port port) {
    }

    private static Fixture fixture(long bufferSize, boolean huge) {
        MockRig rig = new MockRig(256L << 20, huge ? 2L << 20 : 4096);
        IommuUnit mock = rig.unit("mock0", IommuModel.MOCK, PageTableFormats.mock(), true, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        IommuUnit noDirty = rig.unit("mock1", IommuModel.MOCK, PageTableFormats.mock(), false, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        if (!huge) {
            fd.setHugePages(ioas, false); // newest selftests: HUGE_PAGES=0 for the non-huge variants
        }
        IommuUnit.Port port = mock.port("dev0");
        int dev = fd.bindDevice(port);
        int devNoDirty = fd.bindDevice(noDirty.port("dev1"));
        fd.ioasMap(ioas, MockRig.APERTURE_START, bufferSize, rig.memory.hostPhysical(0),
                Iommufd.IOAS_MAP_FIXED_IOVA | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        return new Fixture(rig, fd, ioas, dev, devNoDirty, port);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void enforceDirty(String variant, long bufferSize, boolean huge, int nr) {
        Fixture f = fixture(bufferSize, huge);
        int hwpt = f.fd.hwptAlloc(f.dev, f.ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        f.fd.attach(f.dev, hwpt);
        assertThatThrownBy(() -> f.fd.attach(f.devNoDirty, hwpt))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        int freshIoas = f.fd.ioasAlloc();
        assertThatThrownBy(() -> f.fd.hwptAlloc(f.devNoDirty, freshIoas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING))
                .isInstanceOfSatisfying(ErrnoException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void setDirtyTrackingEnableAndDisable(String variant, long bufferSize, boolean huge, int nr) {
        Fixture f = fixture(bufferSize, huge);
        int hwpt = f.fd.hwptAlloc(f.dev, f.ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        f.fd.attach(f.dev, hwpt);
        f.fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        f.fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE); // repeating the state succeeds
        assertThat(f.fd.hwpt(hwpt).domain().dirtyTrackingEnabled()).isTrue();
        f.fd.setDirtyTracking(hwpt, 0);
        assertThat(f.fd.hwpt(hwpt).domain().dirtyTrackingEnabled()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void deviceDirtyCapability(String variant, long bufferSize, boolean huge, int nr) {
        Fixture f = fixture(bufferSize, huge);
        assertThat(f.fd.getHwInfo(f.dev).outCapabilities() & HwInfo.IOMMU_HW_CAP_DIRTY_TRACKING).isEqualTo(1);
        assertThat(f.fd.getHwInfo(f.devNoDirty).dirtyTracking()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void getDirtyBitmap(String variant, long bufferSize, boolean huge, int nr) {
        runBitmapTest(bufferSize, huge, nr, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void getDirtyBitmapNoClear(String variant, long bufferSize, boolean huge, int nr) {
        runBitmapTest(bufferSize, huge, nr, Iommufd.HWPT_GET_DIRTY_BITMAP_NO_CLEAR);
    }

    /** _test_mock_dirty_bitmaps, three times as the selftest does (it varies only the user pointer alignment). */
    private static void runBitmapTest(long bufferSize, boolean huge, int nr, int flags) {
        Fixture f = fixture(bufferSize, huge);
        int hwpt = f.fd.hwptAlloc(f.dev, f.ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        f.fd.attach(f.dev, hwpt);
        f.fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        long pteSize = huge ? MOCK_HUGE_PAGE_SIZE : MOCK_PAGE_SIZE;
        long nbits = bufferSize / MOCK_PAGE_SIZE;
        long npte = pteSize / MOCK_PAGE_SIZE;
        long pteset = 2 * npte;
        for (int round = 0; round < 3; round++) {
            int written = 0;
            for (long i = 0; i < nbits; i += pteset) {
                assertThat(MockRig.dmaWrite(f.port, f.rig.memory, MockRig.APERTURE_START + i * MOCK_PAGE_SIZE, 8))
                        .isTrue();
                written++;
            }
            assertThat(written).isEqualTo(Math.max(1, nr));

            IovaBitmap first = f.fd.getDirtyBitmap(hwpt, MockRig.APERTURE_START, bufferSize, MOCK_PAGE_SIZE, flags);
            for (long i = 0; i < nbits; i++) {
                boolean expected = (i % pteset) < npte;
                assertThat(first.get(i)).as("bit %d after DMA", i).isEqualTo(expected);
            }
            IovaBitmap second = f.fd.getDirtyBitmap(hwpt, MockRig.APERTURE_START, bufferSize, MOCK_PAGE_SIZE,
                    flags);
            if (flags == 0) {
                assertThat(second.cardinality()).as("read-and-clear leaves nothing dirty").isZero();
            } else {
                assertThat(second.bytes()).as("NO_CLEAR reads the same twice").isEqualTo(first.bytes());
                // clean for the next round, as the next selftest run starts from a clean table
                f.fd.getDirtyBitmap(hwpt, MockRig.APERTURE_START, bufferSize, MOCK_PAGE_SIZE, 0);
            }
        }
    }
}

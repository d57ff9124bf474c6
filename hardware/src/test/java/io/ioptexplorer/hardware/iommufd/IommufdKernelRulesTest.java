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
import io.ioptexplorer.hardware.iommufd.events.DirtyReadSwallowed;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Rules the kernel answers at run time that the file checker used to predict: IOAS alignment before and after a
 * domain exists (drivers/iommu/iommufd/io_pagetable.c), IOMMU_OPTION_HUGE_PAGES (ioas.c), GET_DIRTY_BITMAP with
 * tracking off and with a page size that is not a power of two, and each driver's attach rule for a domain of another
 * IOMMU instance.
 */
class IommufdKernelRulesTest {
    private static final long BASE = MockRig.APERTURE_START;
    private static final int RW = Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE;
    private static final int FIXED = Iommufd.IOAS_MAP_FIXED_IOVA | RW;

    private final MockRig rig = new MockRig(64L << 20, 4096);
    private final Iommufd fd = rig.iommufd;

    private IommuUnit unit(String id, IommuModel model, PageTableFormat format, boolean dirty) {
        return rig.unit(id, model, format, dirty, IommuFaults.NONE, InvalidationBatching.GATHERED);
    }

    private static void assertErrno(ThrowingCallable call, Errno errno, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ErrnoException.class, e -> {
            assertThat(e.errno()).isEqualTo(errno);
            assertThat(e.why()).contains(fragment);
        });
    }

    @Test
    void aSubPageMapIsAcceptedWithoutADomainAndTheDomainThenFailsWithEaddrinuse() {
        int dev = fd.bindDevice(unit("mock0", IommuModel.MOCK, PageTableFormats.mock(), true).port("d0"));
        int ioas = fd.ioasAlloc();
        // 512 bytes, below the mock's 2 KiB page: the alignment is 1 while the IOAS has no domain, so accepted.
        fd.ioasMap(ioas, BASE + 512, 512, rig.memory.hostPhysical(0), FIXED);
        assertErrno(() -> fd.hwptAlloc(dev, ioas, 0), Errno.EADDRINUSE, "not aligned");
        fd.ioasUnmap(ioas, BASE + 512, 512);
        assertThat(fd.hwptAlloc(dev, ioas, 0)).isPositive();
    }

    @Test
    void onTheMockTwoKibMapsWorkWithHugePagesOnAndAreEinvalWithThemOff() {
        int dev = fd.bindDevice(unit("mock0", IommuModel.MOCK, PageTableFormats.mock(), true).port("d0"));
        int ioas = fd.ioasAlloc();
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.ioasMap(ioas, BASE, 2048, rig.memory.hostPhysical(0), FIXED);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        assertThat(fd.getDirtyBitmap(hwpt, BASE, 2048, 2048, 0).nbits()).isEqualTo(1);

        int ioas2 = fd.ioasAlloc();
        fd.setHugePages(ioas2, false);
        int hwpt2 = fd.hwptAlloc(dev, ioas2, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        assertErrno(() -> fd.ioasMap(ioas2, BASE, 2048, rig.memory.hostPhysical(0), FIXED), Errno.EINVAL,
                "not aligned");
        fd.ioasMap(ioas2, BASE, 4096, rig.memory.hostPhysical(0), FIXED);
        fd.setDirtyTracking(hwpt2, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        assertErrno(() -> fd.getDirtyBitmap(hwpt2, BASE, 2048, 2048, 0), Errno.EINVAL, "IOAS alignment");
    }

    @Test
    void hugePagesOffIsRefusedOnlyWithBothADomainAndMappings() {
        int dev = fd.bindDevice(unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true).port("d0"));
        int mapsOnly = fd.ioasAlloc();
        fd.ioasMap(mapsOnly, BASE, 1L << 20, rig.memory.hostPhysical(0), FIXED);
        fd.setHugePages(mapsOnly, false); // mappings, no domain: fine
        assertThat(fd.ioas(mapsOnly).hugePages()).isFalse();

        int domainOnly = fd.ioasAlloc();
        fd.hwptAlloc(dev, domainOnly, 0);
        fd.setHugePages(domainOnly, false); // domain, no mappings: fine

        int both = fd.ioasAlloc();
        fd.hwptAlloc(dev, both, 0);
        fd.ioasMap(both, BASE, 1L << 20, rig.memory.hostPhysical(0), FIXED);
        assertErrno(() -> fd.setHugePages(both, false), Errno.EINVAL, "iopt_disable_large_pages");
        fd.setHugePages(both, true); // turning them on always succeeds
    }

    @Test
    void hugePagesOffOverASubPageMappingIsEaddrinuse() {
        int ioas = fd.ioasAlloc();
        fd.ioasMap(ioas, BASE + 512, 512, rig.memory.hostPhysical(0), FIXED);
        assertErrno(() -> fd.setHugePages(ioas, false), Errno.EADDRINUSE, "iopt_check_iova_alignment");
        assertThat(fd.ioas(ioas).hugePages()).isTrue();
    }

    @Test
    void aBitmapReadWithTrackingOffSucceedsEmptyAndSaysTheDriverRefusalWasSwallowed() {
        IommuUnit amd = unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true);
        IommuUnit.Port port = amd.port("d0");
        int dev = fd.bindDevice(port);
        int ioas = fd.ioasAlloc();
        fd.ioasMap(ioas, BASE, 1L << 20, rig.memory.hostPhysical(0), FIXED);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        MockRig.dmaWrite(port, rig.memory, BASE, 8);
        fd.setDirtyTracking(hwpt, 0);
        rig.events.clear();
        IovaBitmap b = fd.getDirtyBitmap(hwpt, BASE, 1L << 20, 4096, 0);
        assertThat(b.cardinality()).isZero();
        assertThat(rig.events.ofType(DirtyReadSwallowed.class)).singleElement().satisfies(e -> {
            assertThat(e.driverErrno()).isEqualTo("EINVAL");
            assertThat(e.text()).contains("swallows");
        });
    }

    @Test
    void aPageSizeThatIsNotAPowerOfTwoIsTestedAsAMaskAndCountsInItsLowestBit() {
        IommuUnit amd = unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true);
        int dev = fd.bindDevice(amd.port("d0"));
        int ioas = fd.ioasAlloc();
        fd.ioasMap(ioas, BASE, 1L << 20, rig.memory.hostPhysical(0), FIXED);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        // 0x3000: BASE and BASE + 1 MiB have bits 12 and 13 clear, so the mask test passes; bits are 4 KiB each.
        assertThat(fd.getDirtyBitmap(hwpt, BASE, 1L << 20, 0x3000, 0).nbits()).isEqualTo(256);
        // BASE + 4 KiB has bit 12 set: refused.
        assertErrno(() -> fd.getDirtyBitmap(hwpt, BASE + 4096, 8192, 0x3000, 0), Errno.EINVAL, "page_size");
    }

    @Test
    void amdAndVtdDomainsSpanCompatibleUnitsWithDirtyTrackingEnforcedPerUnit() {
        for (IommuModel model : new IommuModel[] {IommuModel.AMD_V1, IommuModel.VTD_SS}) {
            PageTableFormat f = model == IommuModel.AMD_V1 ? PageTableFormats.amdV1(4)
                    : PageTableFormats.vtdSecondStage(4);
            int a = fd.bindDevice(unit(model.key() + "a", model, f, true).port("da"));
            int b = fd.bindDevice(unit(model.key() + "b", model, f, true).port("db"));
            int c = fd.bindDevice(unit(model.key() + "c", model, f, false).port("dc"));
            int ioas = fd.ioasAlloc();
            int hwpt = fd.hwptAlloc(a, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
            fd.attach(b, hwpt); // another unit, compatible
            assertErrno(() -> fd.attach(c, hwpt), Errno.EINVAL, model == IommuModel.AMD_V1
                    ? "cannot track dirty pages" // amd_iommu_attach_device: dirty_ops && !amd_iommu_hd_support
                    : "lacks ssads_supported()"); // paging_domain_compatible_second_stage
            fd.attach(c, fd.hwptAlloc(a, ioas, 0)); // without dirty ops the domain spans it too
        }
    }

    @Test
    void vtdRefusesADomainWiderThanTheUnitAndTakesANarrowerOne() {
        int a = fd.bindDevice(unit("vtd4", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), true).port("a"));
        int b = fd.bindDevice(unit("vtd5", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(5), true).port("b"));
        int ioas = fd.ioasAlloc();
        // paging_domain_compatible: dmar_domain->gaw > addr_width || dmar_domain->agaw > iommu->agaw
        assertErrno(() -> fd.attach(a, fd.hwptAlloc(b, ioas, 0)), Errno.EINVAL, "57-bit address width");
        fd.attach(b, fd.hwptAlloc(a, ioas, 0)); // a 48-bit domain fits a 57-bit unit
    }

    @Test
    void smmuv3RefusesADomainOfAnotherSmmuEvenOfTheSameFormat() {
        PageTableFormat f = PageTableFormats.smmuV3(1, 4096);
        int a = fd.bindDevice(unit("smmu0", IommuModel.SMMUV3, f, true).port("a"));
        int a2 = fd.bindDevice(rig.unit("smmu0b", IommuModel.SMMUV3, f, true, IommuFaults.NONE,
                InvalidationBatching.GATHERED).port("a2"));
        int hwpt = fd.hwptAlloc(a, fd.ioasAlloc(), 0);
        fd.attach(a, hwpt);
        assertErrno(() -> fd.attach(a2, hwpt), Errno.EINVAL, "arm_smmu_attach_dev");
    }

    @Test
    void aDomainOfAnotherDriverIsEinval() {
        int amd = fd.bindDevice(unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true).port("a"));
        int vtd = fd.bindDevice(unit("vtd0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), true).port("v"));
        int hwpt = fd.hwptAlloc(amd, fd.ioasAlloc(), 0);
        assertErrno(() -> fd.attach(vtd, hwpt), Errno.EINVAL, "own driver");
    }

    @Test
    void iovasPastADomainsApertureAreReservedAndAMappingThereKeepsADomainOut() {
        int dev = fd.bindDevice(unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true).port("d0"));
        long top = 0xfffffffffffff000L; // above 2^63 and past a 4-level (48-bit) AMD table
        int ioas = fd.ioasAlloc();
        fd.ioasMap(ioas, top, 4096, rig.memory.hostPhysical(0), FIXED); // no domain yet: the whole u64 space
        assertErrno(() -> fd.hwptAlloc(dev, ioas, 0), Errno.EADDRINUSE, "past the aperture");
        assertThat(fd.ioasUnmap(ioas, top, 4096)).isEqualTo(4096);
        int hwpt = fd.hwptAlloc(dev, ioas, 0);
        assertErrno(() -> fd.ioasMap(ioas, top, 4096, rig.memory.hostPhysical(0), FIXED), Errno.EINVAL,
                "reserved");
        assertThat(hwpt).isPositive();
    }
}

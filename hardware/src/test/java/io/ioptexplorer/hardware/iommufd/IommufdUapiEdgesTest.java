package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.VtdCaps;
import io.ioptexplorer.hardware.iommufd.events.IommufdEvents;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.sim.CostModel;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Edges of the iommufd uAPI that the other iommufd tests step over (issue 16's mutation survivors): when enabling
 * tracking wipes Dirty bits, where a GET_DIRTY_BITMAP range ends, the inclusive interval checks of IOAS_MAP, the
 * aperture's last IOVA, where IOAS_MAP puts a mapping without FIXED_IOVA, and VT-d's enforced cache coherency.
 * Sources: drivers/iommu/iommufd/io_pagetable.c ({@code iopt_set_dirty_tracking}, {@code iopt_clear_dirty_data},
 * {@code iopt_alloc_iova}, {@code iopt_alloc_area}), hw_pagetable.c ({@code iommufd_hwpt_paging_enforce_cc}),
 * drivers/iommu/intel/iommu.c ({@code intel_iommu_enforce_cache_coherency}).
 */
class IommufdUapiEdgesTest {
    private static final long BASE = 1L << 30;
    private static final int RW = Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE;
    private static final int FIXED = Iommufd.IOAS_MAP_FIXED_IOVA | RW;

    private final MockRig rig = new MockRig(64L << 20, 4096);
    private final Iommufd fd = rig.iommufd;

    private static void assertErrno(ThrowingCallable call, Errno errno, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ErrnoException.class, e -> {
            assertThat(e.errno()).isEqualTo(errno);
            assertThat(e.why()).contains(fragment);
        });
    }

    /** A VT-d device on a dirty-capable unit, its HWPT over 1 MiB at BASE mapped with 4 KiB leaves. */
    private record Vtd(int ioas, int hwpt, IommuUnit.Port port) {
    }

    private Vtd vtdWithSmallPages() {
        IommuUnit unit = rig.unit("vtd0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), true,
                IommuFaults.NONE, InvalidationBatching.GATHERED);
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        fd.ioasMap(ioas, BASE, 1L << 20, rig.memory.hostPhysical(0), FIXED);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        return new Vtd(ioas, hwpt, port);
    }

    private long dirtyPages(Vtd v) {
        return fd.getDirtyBitmap(v.hwpt, BASE, 1L << 20, 4096, 0).cardinality();
    }

    @Test
    void enablingAgainAfterADisableWipesTheDirtyBitsLeftFromBefore() {
        Vtd v = vtdWithSmallPages();
        fd.setDirtyTracking(v.hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        MockRig.dmaWrite(v.port, rig.memory, BASE, 8);
        MockRig.dmaWrite(v.port, rig.memory, BASE + (512L << 10), 8);
        fd.setDirtyTracking(v.hwpt, 0); // disable does not clear (iopt_set_dirty_tracking)
        fd.setDirtyTracking(v.hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        // "Clear dirty bits from PTEs to ensure a clean snapshot": every area of the IOAS, not only the first page.
        assertThat(dirtyPages(v)).isZero();
        // The wipe synced the IOTLB, so the next write walks again and marks its IOPTE.
        MockRig.dmaWrite(v.port, rig.memory, BASE, 8);
        assertThat(dirtyPages(v)).isEqualTo(1);
    }

    @Test
    void enablingWhileAlreadyEnabledAlsoWipesTheDirtyBits() {
        // iopt_set_dirty_tracking() clears on every enable, before the driver's set_dirty_tracking (which returns
        // early when nothing changes); with no bitmap the AMD and VT-d read_and_clear_dirty accept the call.
        Vtd v = vtdWithSmallPages();
        fd.setDirtyTracking(v.hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        MockRig.dmaWrite(v.port, rig.memory, BASE + 4096, 8);
        fd.setDirtyTracking(v.hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        assertThat(dirtyPages(v)).isZero();
        MockRig.dmaWrite(v.port, rig.memory, BASE + 4096, 8);
        assertThat(dirtyPages(v)).isEqualTo(1);
    }

    @Test
    void disablingLeavesTheDirtyBitsInTheIoptes() {
        Vtd v = vtdWithSmallPages();
        fd.setDirtyTracking(v.hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        MockRig.dmaWrite(v.port, rig.memory, BASE, 8);
        fd.setDirtyTracking(v.hwpt, 0); // iopt_set_dirty_tracking clears only when enabling
        List<Long> dirty = new ArrayList<>();
        fd.hwpt(v.hwpt).domain().pageTable().forEachLeaf(BASE, 1L << 20, (iova, size, pa, prot, a, d) -> {
            if (d) {
                dirty.add(iova);
            }
        });
        assertThat(dirty).containsExactly(BASE);
    }

    @Test
    void aReadOfOnePageNeitherReportsNorClearsTheNextPage() {
        Vtd v = vtdWithSmallPages();
        fd.setDirtyTracking(v.hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        MockRig.dmaWrite(v.port, rig.memory, BASE, 8);
        MockRig.dmaWrite(v.port, rig.memory, BASE + 4096, 8);
        // The walk covers [iova, iova + length - 1]: the second IOPTE is outside the first read.
        IovaBitmap first = fd.getDirtyBitmap(v.hwpt, BASE, 4096, 4096, 0);
        assertThat(first.cardinality()).isEqualTo(1);
        IovaBitmap second = fd.getDirtyBitmap(v.hwpt, BASE + 4096, 4096, 4096, 0);
        assertThat(second.cardinality()).isEqualTo(1);
        assertThat(dirtyPages(v)).isZero();
    }

    @Test
    void aMappingMayEndOnTheLastIovaOfTheApertureButNotPastIt() {
        IommuUnit amd = rig.unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        int dev = fd.bindDevice(amd.port("d0"));
        int ioas = fd.ioasAlloc();
        int hwpt = fd.hwptAlloc(dev, ioas, 0);
        long apertureEnd = fd.hwpt(hwpt).domain().format().maxIova(); // 2^48 - 1 for four levels
        assertThat(apertureEnd).isEqualTo((1L << 48) - 1);
        // iopt_table_add_domain() reserved only [aperture_end + 1, ULONG_MAX].
        assertThat(fd.ioasMap(ioas, apertureEnd + 1 - 4096, 4096, rig.memory.hostPhysical(0), FIXED))
                .isEqualTo(apertureEnd + 1 - 4096);
        assertErrno(() -> fd.ioasMap(ioas, apertureEnd + 1, 4096, rig.memory.hostPhysical(0), FIXED),
                Errno.EINVAL, "past the aperture of HWPT " + hwpt);
    }

    @Test
    void overlapIsCheckedOnInclusiveLastIovasSoOneSharedByteIsEexist() {
        int ioas = fd.ioasAlloc(); // no domain yet: alignment 1, sub-page mappings are accepted
        long pa = rig.memory.hostPhysical(0);
        fd.ioasMap(ioas, 0x10000, 0x1000, pa, FIXED);
        // iopt_alloc_area: iopt_area_iter_first(iopt, iova, iova + length - 1) finds any area sharing a byte.
        assertErrno(() -> fd.ioasMap(ioas, 0xf000, 0x1001, pa, FIXED), Errno.EEXIST, "0xf000..0x10000");
        assertErrno(() -> fd.ioasMap(ioas, 0x10fff, 1, pa, FIXED), Errno.EEXIST, "0x10fff..0x10fff");
        assertThat(fd.ioasMap(ioas, 0xf000, 0x1000, pa, FIXED)).isEqualTo(0xf000); // touching is not sharing
        assertThat(fd.ioasMap(ioas, 0x11000, 0x1000, pa, FIXED)).isEqualTo(0x11000);
        assertThat(fd.ioas(ioas).areas()).extracting(IoasArea::iova).containsExactly(0xf000L, 0x10000L, 0x11000L);
        assertThat(fd.ioas(ioas).id()).isEqualTo(ioas);
    }

    @Test
    void withoutFixedIovaTheLowestAlignedHoleIsUsedAndIovaZeroNever() {
        // iopt_alloc_iova(): the search starts at PAGE_SIZE ("Does not return a 0 IOVA even if it is valid") and
        // takes the lowest hole that fits, aligned as the next test checks.
        int ioas = fd.ioasAlloc();
        long pa = rig.memory.hostPhysical(0);
        fd.ioasMap(ioas, 2L << 20, 1L << 20, pa, FIXED);                  // [2 MiB, 3 MiB)
        assertThat(fd.ioasMap(ioas, 0, 1L << 20, pa, RW)).isEqualTo(1L << 20); // fits [1 MiB, 2 MiB) exactly
        assertThat(fd.ioasMap(ioas, 0, 2L << 20, pa, RW)).isEqualTo(4L << 20); // 3 MiB aligned up to 4 MiB
        assertThat(fd.ioasMap(ioas, 0, 4096, pa, RW)).isEqualTo(4096);         // the hole below 1 MiB
        assertThat(rig.events.ofType(IommufdEvents.IoasMapped.class))
                .extracting(e -> e.iova()).containsExactly(2L << 20, 1L << 20, 4L << 20, 4096L);
    }

    /**
     * iopt_alloc_iova() (drivers/iommu/iommufd/io_pagetable.c): {@code roundup_pow_of_two(length)}, lowered to
     * {@code 1UL << __ffs64(addr)} and capped at {@code HPAGE_SIZE}; the search starts at PAGE_SIZE.
     */
    @Test
    void withoutFixedIovaTheAlignmentIsCappedAtTheHugePageAndLoweredToTheMemorysOwn() {
        long pa = rig.memory.hostPhysical(0);
        assertThat(Long.lowestOneBit(pa)).as("the rig's memory is aligned beyond 64 MiB").isGreaterThan(64L << 20);
        int ioas = fd.ioasAlloc();
        // 64 MiB: roundup 64 MiB, capped at 2 MiB: the first 2 MiB boundary from PAGE_SIZE on
        assertThat(fd.ioasMap(ioas, 0, 64L << 20, pa, RW)).isEqualTo(2L << 20);
        int second = fd.ioasAlloc();
        // 3 MiB: roundup_pow_of_two gives 4 MiB, capped at 2 MiB
        assertThat(fd.ioasMap(second, 0, 3L << 20, pa, RW)).isEqualTo(2L << 20);
        int third = fd.ioasAlloc();
        // memory at an address aligned to 64 KiB only: a 1 MiB mapping is aligned to 64 KiB, not to 1 MiB
        assertThat(fd.ioasMap(third, 0, 1L << 20, pa + 0x10000, RW)).isEqualTo(0x10000);
    }

    @Test
    void anAlignmentBelowTheIoassIsEinvalAndNoRoomInsideTheApertureIsEnospc() {
        IommuUnit unit = rig.unit("vtd0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(3), false,
                IommuFaults.NONE, InvalidationBatching.GATHERED);
        int dev = fd.bindDevice(unit.port("dev0"));
        int ioas = fd.ioasAlloc();
        fd.hwptAlloc(dev, ioas, 0); // a 4 KiB granule: the IOAS's alignment is now PAGE_SIZE
        long pa = rig.memory.hostPhysical(0);
        // memory at a 2 KiB boundary allows an alignment of 2 KiB, below the IOAS's 4 KiB
        assertErrno(() -> fd.ioasMap(ioas, 0, 0x1000, pa + 0x800, RW), Errno.EINVAL, "below the IOAS alignment");
        // a 3-level VT-d table covers 39 bits: a 512 GiB mapping has no room from PAGE_SIZE on inside it
        assertErrno(() -> fd.ioasMap(ioas, 0, 1L << 39, pa, RW), Errno.ENOSPC, "no free IOVA range");
        assertThat(fd.ioasMap(ioas, 0, 1L << 20, pa, RW)).isEqualTo(1L << 20); // ALIGN(PAGE_SIZE, 1 MiB)
    }

    @Test
    void aHoleTooSmallIsSkippedToTheNextAlignedIova() {
        int ioas = fd.ioasAlloc();
        long pa = rig.memory.hostPhysical(0);
        fd.ioasMap(ioas, 1L << 20, 1L << 20, pa, FIXED); // [1 MiB, 2 MiB): [4 KiB, 1 MiB) has no aligned 1 MiB
        assertThat(fd.ioasMap(ioas, 0, 1L << 20, pa, RW)).isEqualTo(2L << 20);
    }

    @Test
    void hugePagesCanBeTurnedBackOnAndSubPageMappingsAreAcceptedAgain() {
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        assertErrno(() -> fd.ioasMap(ioas, 0x800, 0x800, 0, FIXED), Errno.EINVAL, "PAGE_SIZE: huge pages are off");
        fd.setHugePages(ioas, true); // iopt_enable_large_pages: always succeeds, alignment back to 1 without a domain
        assertThat(fd.ioas(ioas).hugePages()).isTrue();
        assertThat(fd.ioasMap(ioas, 0x800, 0x800, 0, FIXED)).isEqualTo(0x800);
    }

    @Test
    void aMapThatOneDomainRefusesLeavesNothingInTheDomainsFilledBefore() {
        IommuUnit riscv = rig.unit("rv0", IommuModel.RISCV, PageTableFormats.riscv("sv48"), false, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        IommuUnit amd = rig.unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), false, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        int ioas = fd.ioasAlloc();
        int first = fd.hwptAlloc(fd.bindDevice(riscv.port("r")), ioas, 0);   // 56-bit output addresses
        int second = fd.hwptAlloc(fd.bindDevice(amd.port("a")), ioas, 0);    // 52-bit output addresses
        assertErrno(() -> fd.ioasMap(ioas, BASE, 4096, 1L << 53, FIXED), Errno.EOVERFLOW, "52-bit output address");
        // iopt_area_fill_domains() unfills the domains it already filled before returning the error
        long[] leaves = {0};
        fd.hwpt(first).domain().pageTable().forEachLeaf(0, 1L << 47, (iova, size, pa, prot, a, d) -> leaves[0]++);
        assertThat(leaves[0]).isZero();
        assertThat(fd.ioas(ioas).areas()).isEmpty();
        assertThat(fd.ioasMap(ioas, BASE, 4096, rig.memory.hostPhysical(0), FIXED)).isEqualTo(BASE);
        assertThat(second).isGreaterThan(first);
    }

    private IommuUnit vtdUnit(String id, boolean snoopControl) {
        IommuFeatures features = new IommuFeatures(true, true).withVtd(new VtdCaps(true, true, snoopControl, true));
        return new IommuUnit(id, IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), 1, features, 64, 4,
                IommuFaults.NONE, InvalidationBatching.GATHERED, CostModel.defaults(), rig.events);
    }

    @Test
    void aHwptAllocatedForASnoopControlUnitForcesSnoopingAndRefusesAUnitWithout() {
        int sc = fd.bindDevice(vtdUnit("vtd-sc", true).port("a"));
        int plain = fd.bindDevice(vtdUnit("vtd-nosc", false).port("b"));
        int ioas = fd.ioasAlloc();
        // iommufd_hwpt_paging_alloc: idev->enforce_cache_coherency, so enforce_cc at allocation; VT-d keeps
        // force_snooping set, and a unit without ECAP.SC then cannot join the domain.
        int hwpt = fd.hwptAlloc(sc, ioas, 0);
        assertThat(fd.hwpt(hwpt).domain().forceSnooping()).isTrue();
        assertErrno(() -> fd.attach(plain, hwpt), Errno.EINVAL, "forces snooping");
        fd.attach(sc, hwpt);
        assertThat(fd.hwpt(hwpt).domain().attachedDevices()).containsExactly("a");
    }

    @Test
    void aSnoopControlDeviceCannotJoinADomainServingAUnitWithoutSnoopControl() {
        int sc = fd.bindDevice(vtdUnit("vtd-sc", true).port("a"));
        int plain = fd.bindDevice(vtdUnit("vtd-nosc", false).port("b"));
        int ioas = fd.ioasAlloc();
        int hwpt = fd.hwptAlloc(plain, ioas, 0); // that device does not enforce coherency: no force_snooping
        assertThat(fd.hwpt(hwpt).domain().forceSnooping()).isFalse();
        fd.attach(plain, hwpt);
        // intel_iommu_enforce_cache_coherency: domain_support_force_snooping() fails for the attached unit.
        assertErrno(() -> fd.attach(sc, hwpt), Errno.EINVAL, "iommufd_hwpt_paging_enforce_cc");
        assertThat(fd.hwpt(hwpt).domain().attachedDevices()).containsExactly("b");
    }

    @Test
    void hwptsListsEveryPagingHwptInAllocationOrder() {
        Vtd v = vtdWithSmallPages();
        int dev = fd.bindDevice(rig.unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true,
                IommuFaults.NONE, InvalidationBatching.GATHERED).port("d1"));
        int second = fd.hwptAlloc(dev, v.ioas, 0);
        assertThat(fd.hwpts()).extracting(Hwpt::id).containsExactly(v.hwpt, second);
    }
}

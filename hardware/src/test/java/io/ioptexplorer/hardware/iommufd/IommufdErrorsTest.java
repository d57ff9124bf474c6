package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error path of reference §1 with its errno. */
class IommufdErrorsTest {
    private static final long BASE = 1L << 24;
    private MockRig rig;
    private Iommufd fd;
    private int ioas;
    private int dev;
    private int hwpt;

    @BeforeEach
    void setUp() {
        rig = new MockRig(64L << 20, 4096);
        fd = rig.iommufd;
        IommuUnit amd = rig.unit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), true, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        ioas = fd.ioasAlloc();
        dev = fd.bindDevice(amd.port("nic0"));
        fd.ioasMap(ioas, BASE, 1L << 20, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
    }

    private static void assertErrno(ThrowingCallable call, Errno errno, String fragment) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ErrnoException.class, e -> {
            assertThat(e.errno()).isEqualTo(errno);
            assertThat(e.why()).contains(fragment);
        });
    }

    @Test
    void hwptAllocChecks() {
        assertErrno(() -> fd.hwptAlloc(dev, ioas, 1 << 5), Errno.EOPNOTSUPP, "flags");
        assertErrno(() -> fd.hwptAlloc(999, ioas, 0), Errno.ENOENT, "no bound device");
        assertErrno(() -> fd.hwptAlloc(dev, hwpt, 0), Errno.EINVAL, "not an IOAS");
    }

    @Test
    void setDirtyTrackingChecks() {
        assertErrno(() -> fd.setDirtyTracking(hwpt, 2), Errno.EOPNOTSUPP, "flags");
        assertErrno(() -> fd.setDirtyTracking(12345, 1), Errno.ENOENT, "HWPT");
        int plain = fd.hwptAlloc(dev, ioas, 0);
        assertErrno(() -> fd.setDirtyTracking(plain, 1), Errno.EOPNOTSUPP, "not allocated with");
    }

    @Test
    void getDirtyBitmapChecksInKernelOrder() {
        assertErrno(() -> fd.getDirtyBitmap(hwpt, BASE, 4096, 4096, 2), Errno.EOPNOTSUPP, "flags");
        assertErrno(() -> fd.getDirtyBitmap(4242, BASE, 4096, 4096, 0), Errno.ENOENT, "HWPT");
        assertErrno(() -> fd.getDirtyBitmap(hwpt, -4096L, 8192, 4096, 0), Errno.EOVERFLOW, "");
        assertErrno(() -> fd.getDirtyBitmap(hwpt, BASE + 1, 4096, 4096, 0), Errno.EINVAL,
                "IOVA 0x1000001 or end 0x1001001 is not aligned to the IOAS alignment 0x1000");
        assertErrno(() -> fd.getDirtyBitmap(hwpt, BASE, 4096, 0, 0), Errno.EINVAL, "page_size is 0");
        assertErrno(() -> fd.getDirtyBitmap(hwpt, BASE, 4096, 8192, 0), Errno.EINVAL,
                "IOVA 0x1000000 or end 0x1001000 is not aligned to page_size 0x2000");
        int plain = fd.hwptAlloc(dev, ioas, 0);
        assertErrno(() -> fd.getDirtyBitmap(plain, BASE, 4096, 4096, 0), Errno.EOPNOTSUPP, "no dirty ops");
        // Tracking off: the driver's EINVAL is swallowed upstream (IommufdKernelRulesTest).
        assertThat(fd.getDirtyBitmap(hwpt, BASE, 4096, 4096, 0).cardinality()).isZero();
    }

    @Test
    void unmapChecks() {
        assertErrno(() -> fd.ioasUnmap(ioas, BASE, 0), Errno.EINVAL, "length is 0");
        assertErrno(() -> fd.ioasUnmap(ioas, BASE, 4096), Errno.ENOENT, "only partly");
        assertErrno(() -> fd.ioasUnmap(ioas, 0x100000000L, 4096), Errno.ENOENT, "nothing is mapped");
        assertThat(fd.ioasUnmap(ioas, 0, -1L)).isEqualTo(1L << 20);
        assertThat(fd.ioasUnmap(ioas, 0, -1L)).isZero(); // iopt_unmap_all() of an empty IOAS succeeds
    }

    @Test
    void mapChecks() {
        int flags = Iommufd.IOAS_MAP_FIXED_IOVA | Iommufd.IOAS_MAP_READABLE;
        assertErrno(() -> fd.ioasMap(ioas, BASE, 4096, 0, flags), Errno.EEXIST, "overlaps");
        assertErrno(() -> fd.ioasMap(ioas, BASE + (2L << 20) + 8, 4096, 0, flags), Errno.EINVAL,
                "not aligned to the IOAS alignment 0x1000 (the smallest page size of the IOAS's domains)");
        int bare = fd.ioasAlloc();
        fd.setHugePages(bare, false);
        assertErrno(() -> fd.ioasMap(bare, BASE + 8, 4096, 0, flags), Errno.EINVAL,
                "not aligned to the IOAS alignment 0x1000 (PAGE_SIZE: huge pages are off)");
        assertErrno(() -> fd.ioasMap(ioas, BASE, 0, 0, flags), Errno.EINVAL, "length is 0");
        assertErrno(() -> fd.ioasMap(ioas, BASE, 4096, 0, 1 << 9), Errno.EOPNOTSUPP, "flags");
        assertErrno(() -> fd.ioasMap(77, BASE, 4096, 0, flags), Errno.ENOENT, "no IOAS");
    }

    @Test
    void aRiscvIommuWithHardwareDirtyBitsStillHasNoDirtyOps() {
        // drivers/iommu/riscv: no dirty_ops upstream although AMO_HWAD can set D (reference §4.4).
        IommuUnit riscv = rig.unit("rv0", IommuModel.RISCV, PageTableFormats.riscv("sv48"), true, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
        int rv = fd.bindDevice(riscv.port("rvdev"));
        assertErrno(() -> fd.hwptAlloc(rv, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING), Errno.EOPNOTSUPP,
                "lacks IOMMU_CAP_DIRTY_TRACKING (the hardware can set Dirty bits, but the upstream driver publishes no"
                        + " dirty ops for riscv)");
        assertThat(fd.getHwInfo(rv).dirtyTracking()).isFalse();
    }

    @Test
    void aMappingEndingOnTheApertureEndLetsADomainInAndOnePageMoreKeepsItOut() {
        long top = (1L << 48) - 4096; // the last page of a 4-level AMD table (aperture end 2^48 - 1)
        int fresh = fd.ioasAlloc();
        fd.ioasMap(fresh, top, 4096, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE);
        assertThat(fd.hwptAlloc(dev, fresh, 0)).isPositive();
        int past = fd.ioasAlloc();
        fd.ioasMap(past, top + 4096, 4096, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE);
        assertErrno(() -> fd.hwptAlloc(dev, past, 0), Errno.EADDRINUSE,
                "mapping 0x1000000000000..0x1000000000fff lies past the aperture");
    }

    @Test
    void hugePagesOffOverAMisalignedMappingNamesIt() {
        int fresh = fd.ioasAlloc();
        fd.ioasMap(fresh, BASE + 0x800, 0x800, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE);
        assertErrno(() -> fd.setHugePages(fresh, false), Errno.EADDRINUSE, "mapping 0x1000800..0x1000fff is not"
                + " aligned to the new IOVA alignment 0x1000");
        assertThat(fd.ioas(fresh).hugePages()).isTrue(); // refused: the option is left as it was
    }

    @Test
    void hugePagesOffIsRefusedWithADomainAndMappings() {
        assertErrno(() -> fd.setHugePages(ioas, false), Errno.EINVAL, "already has a HWPT and mappings");
    }

    @Test
    void detachOfAnUnattachedDevice() {
        fd.detach(dev);
        assertErrno(() -> fd.detach(dev), Errno.EINVAL, "not attached");
    }
}

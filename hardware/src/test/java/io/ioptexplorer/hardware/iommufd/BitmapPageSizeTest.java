package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import org.junit.jupiter.api.Test;

/**
 * GET_DIRTY_BITMAP semantics (reference §1.5): bits are only set, a dirty leaf sets every bit it covers, and any
 * page size that divides the range works: larger than a leaf (one bit for several leaves), or smaller than a huge
 * leaf (many bits for one leaf).
 */
class BitmapPageSizeTest {
    private static final long BASE = 1L << 30;

    private record Rig(MockRig rig, Iommufd fd, int hwpt, IommuUnit.Port port) {
    }

    private static Rig vtd(boolean hugePages) {
        MockRig rig = new MockRig(256L << 20, 2L << 20);
        IommuUnit unit = rig.unit("vtd0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), true,
                IommuFaults.NONE, InvalidationBatching.GATHERED);
        Iommufd fd = rig.iommufd;
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, hugePages);
        IommuUnit.Port port = unit.port("dev0");
        int dev = fd.bindDevice(port);
        fd.ioasMap(ioas, BASE, 8L << 20, rig.memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        return new Rig(rig, fd, hwpt, port);
    }

    @Test
    void oneDirtyHugeLeafSetsEveryBitItCovers() {
        Rig r = vtd(true);
        MockRig.dmaWrite(r.port, r.rig.memory, BASE + (2L << 20) + 4096, 64); // inside the second 2 MiB leaf
        IovaBitmap b = r.fd.getDirtyBitmap(r.hwpt, BASE, 8L << 20, 4096, 0);
        assertThat(b.cardinality()).isEqualTo(512);
        assertThat(b.get(511)).isFalse();
        assertThat(b.get(512)).isTrue();
        assertThat(b.get(1023)).isTrue();
        assertThat(b.get(1024)).isFalse();
    }

    @Test
    void aPageSizeLargerThanTheLeafFoldsSeveralLeavesIntoOneBit() {
        Rig r = vtd(false);
        MockRig.dmaWrite(r.port, r.rig.memory, BASE + 3 * 4096, 8);     // 4 KiB leaf 3 -> 64 KiB bit 0
        MockRig.dmaWrite(r.port, r.rig.memory, BASE + 17 * 4096, 8);    // 4 KiB leaf 17 -> 64 KiB bit 1
        IovaBitmap b = r.fd.getDirtyBitmap(r.hwpt, BASE, 1L << 20, 64 * 1024, 0);
        assertThat(b.nbits()).isEqualTo(16);
        assertThat(b.cardinality()).isEqualTo(2);
        assertThat(b.get(0)).isTrue();
        assertThat(b.get(1)).isTrue();
        assertThat(b.toHex()).isEqualTo("0300");
    }

    @Test
    void bitsAreOnlySetSoSeveralReadsCanBeOredIntoOneBitmap() {
        Rig r = vtd(false);
        IovaBitmap shared = new IovaBitmap(BASE, 1L << 20, 4096);
        MockRig.dmaWrite(r.port, r.rig.memory, BASE, 8);
        r.fd.getDirtyBitmap(r.hwpt, BASE, 1L << 20, 4096, 0, shared);
        MockRig.dmaWrite(r.port, r.rig.memory, BASE + 4096, 8);
        r.fd.getDirtyBitmap(r.hwpt, BASE, 1L << 20, 4096, 0, shared);
        assertThat(shared.cardinality()).isEqualTo(2); // the first read's bit was not cleared by the second
    }
}

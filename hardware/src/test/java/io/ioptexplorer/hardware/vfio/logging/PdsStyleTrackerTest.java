package io.ioptexplorer.hardware.vfio.logging;

import static io.ioptexplorer.hardware.vfio.logging.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdsStyleTrackerTest {

    private static final long K4 = 4096;

    private final PdsStyleTracker pds = new PdsStyleTracker("pds", 4, null);
    private final DmaLogging dl = new DmaLogging("pds", pds, null);

    @Test
    void maxRegionsZeroIsEopnotsupp() {
        DmaLogging d = new DmaLogging("x", new PdsStyleTracker("x", 0, null), null);
        assertErrno(Errno.EOPNOTSUPP, () -> d.start(K4, List.of(new IovaRange(0, 64 * K4))));
    }

    @Test
    void firstVersionUsesOneRegionCoveringGapsAndKeepsPageSize() {
        long chosen = dl.start(K4, List.of(new IovaRange(0, 64 * K4), new IovaRange(192 * K4, 64 * K4)));
        assertThat(chosen).isEqualTo(K4);
        assertThat(pds.trackedRanges()).containsExactly(new IovaRange(0, 256 * K4));
        assertThat(pds.pageCounts()).containsExactly(256L);
        pds.onDmaWrite(100 * K4, 1); // in the gap: tracked because the region spans it
        assertThat(pds.untrackedWrites()).isZero();
    }

    @Test
    void pageCountIsCeilOfSizeOverPageSize() {
        dl.start(16 * K4, List.of(new IovaRange(0, 1L << 26)));
        assertThat(pds.pageCounts()).containsExactly((1L << 26) / (16 * K4));
        dl.stop();
        PdsStyleTracker p = new PdsStyleTracker("p", 1, null);
        p.logStart(List.of(IovaRange.ofLast(0, 64 * K4 + 99)), K4);
        assertThat(p.pageCounts()).containsExactly(65L);
    }

    @Test
    void secondStartIsEinvalInTheDriverAndEexistWhenOnlyTheDeviceIsEnabled() {
        dl.start(K4, List.of(new IovaRange(0, 64 * K4)));
        assertErrno(Errno.EINVAL, () -> dl.start(K4, List.of(new IovaRange(0, 64 * K4))));
        pds.disableWithoutCommand();
        assertErrno(Errno.EEXIST, () -> dl.start(K4, List.of(new IovaRange(0, 64 * K4))));
        pds.deviceReset();
        dl.start(K4, List.of(new IovaRange(0, 64 * K4)));
    }

    @Test
    void reportNotEnabledIsEinval() {
        assertErrno(Errno.EINVAL, () -> dl.report(0, 64 * K4, K4));
    }

    @Test
    void seqAckDirtyIsSeqXorAckThenAckBecomesSeq() {
        dl.start(K4, List.of(new IovaRange(0, 128 * K4)));
        pds.onDmaWrite(5 * K4, 1);
        pds.onDmaWrite(70 * K4, 3 * K4);
        assertThat(pds.pendingDirtyUnits()).isEqualTo(4);
        IovaBitmap first = dl.report(0, 128 * K4, K4);
        assertThat(first.cardinality()).isEqualTo(4);
        assertThat(first.get(5)).isTrue();
        assertThat(first.get(72)).isTrue();
        assertThat(pds.pendingDirtyUnits()).isZero();
        // nothing new: seq == ack
        assertThat(dl.report(0, 128 * K4, K4).cardinality()).isZero();
        // write the same page again: seq flips away from ack, reported once more
        pds.onDmaWrite(5 * K4, 1);
        pds.onDmaWrite(5 * K4 + 8, 1);
        IovaBitmap third = dl.report(0, 128 * K4, K4);
        assertThat(third.cardinality()).isEqualTo(1);
        assertThat(third.get(5)).isTrue();
    }

    @Test
    void reportAtLargerPageSizeOrsAndSmallerReplicates() {
        dl.start(K4, List.of(new IovaRange(0, 128 * K4)));
        pds.onDmaWrite(1 * K4, 1);
        pds.onDmaWrite(2 * K4, 1);
        // the driver's window checks use its own page size: report at 4 KiB into a 16 KiB-granular user bitmap
        // is not possible through the core (bitmap page size = report page size), so drive the ops directly
        IovaBitmap coarse = new IovaBitmap(0, 128 * K4, 16 * K4);
        pds.logReadAndClear(0, 128 * K4, coarse);
        assertThat(coarse.toHex()).isEqualTo("01"); // pages 1 and 2 share the first 64 KiB bit
        dl.stop();

        dl.start(16 * K4, List.of(new IovaRange(0, 1024 * K4)));
        pds.onDmaWrite(17 * K4, 1); // internal unit 1 (64 KiB)
        IovaBitmap fine = new IovaBitmap(0, 1024 * K4, K4);
        pds.logReadAndClear(0, 1024 * K4, fine);
        assertThat(fine.cardinality()).isEqualTo(16);
        assertThat(fine.get(16)).isTrue();
        assertThat(fine.get(31)).isTrue();
        assertThat(fine.get(32)).isFalse();
    }

    @Test
    void syncWindowChecksAreEinval() {
        dl.start(K4, List.of(new IovaRange(0x100000, 128 * K4)));
        // past the end of the region
        assertErrno(Errno.EINVAL, () -> dl.report(0x100000, 129 * K4, K4));
        // 65 pages: both u64-rounded sizes are 16 bytes and the region caches 128 / 8 = 16 bytes, so it is accepted
        IovaBitmap ok = dl.report(0x100000, 65 * K4, K4);
        assertThat(ok.cardinality()).isZero();
    }

    @Test
    void regionWhosePageCountIsNotAMultipleOf64RefusesAFullReport() {
        // 100 pages -> host bitmaps of 100/8 = 12 bytes, but a full report needs round_up(100, 64)/8 = 16 bytes
        dl.start(K4, List.of(new IovaRange(0, 100 * K4)));
        assertErrno(Errno.EINVAL, () -> dl.report(0, 100 * K4, K4));
    }

    @Test
    void tinyRegionFailsAllocationAndLeavesTheDeviceEnabled() {
        // 4 pages -> 0-byte bitmaps -> ENOMEM after the device was enabled; the first version does not disable it
        assertErrno(Errno.ENOMEM, () -> dl.start(K4, List.of(new IovaRange(0, 4 * K4))));
        assertThat(pds.deviceEnabled()).isTrue();
        assertErrno(Errno.EEXIST, () -> dl.start(K4, List.of(new IovaRange(0, 64 * K4))));
    }

    @Test
    void devicePageCountLimitShrinksCoverage() {
        PdsStyleTracker p = new PdsStyleTracker("p", 1, PdsStyleTracker.Mode.SINGLE_REGION, 64, null);
        p.logStart(List.of(new IovaRange(0, 128 * K4)), K4);
        assertThat(p.pageCounts()).containsExactly(64L);
        p.onDmaWrite(100 * K4, 1);
        assertThat(p.untrackedWrites()).isEqualTo(1);
    }

    @Test
    void multiRegionModeKeepsHolesAndRejectsWindowsOutsideRegions() {
        PdsStyleTracker p = new PdsStyleTracker("p", 2, PdsStyleTracker.Mode.MULTI_REGION, 0, null);
        DmaLogging d = new DmaLogging("p", p, null);
        d.start(K4, List.of(new IovaRange(0, 64 * K4), new IovaRange(1024 * K4, 64 * K4),
                new IovaRange(1100 * K4, 52 * K4)));
        assertThat(p.trackedRanges()).containsExactly(new IovaRange(0, 64 * K4),
                IovaRange.ofLast(1024 * K4, 1152 * K4 - 1));
        p.onDmaWrite(500 * K4, 1);
        assertThat(p.untrackedWrites()).isEqualTo(1);
        p.onDmaWrite(3 * K4, 1);
        assertThat(d.report(0, 64 * K4, K4).cardinality()).isEqualTo(1);
        assertErrno(Errno.EINVAL, () -> d.report(500 * K4, 64 * K4, K4));
        // a window spanning two regions does not fit the first one
        assertErrno(Errno.EINVAL, () -> d.report(0, 2048 * K4, K4));
    }

    @Test
    void multiRegionRefusesAMisalignedDeviceBitmapOffsetAndDisablesTheDevice() {
        PdsStyleTracker p = new PdsStyleTracker("p", 2, PdsStyleTracker.Mode.MULTI_REGION, 0, null);
        // first region 72 pages -> 9 bytes: the second region's device offset is not u64 aligned
        assertErrno(Errno.EINVAL, () -> p.logStart(List.of(new IovaRange(0, 72 * K4),
                new IovaRange(1024 * K4, 64 * K4)), K4));
        assertThat(p.deviceEnabled()).isFalse();
        assertThat(p.isLogging()).isFalse();
    }
}

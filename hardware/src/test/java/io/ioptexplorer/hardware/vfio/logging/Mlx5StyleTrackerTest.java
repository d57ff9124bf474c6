package io.ioptexplorer.hardware.vfio.logging;

import static io.ioptexplorer.hardware.vfio.logging.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.EventLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mlx5StyleTrackerTest {

    private static final long K4 = 4096;
    private static final long G = 1L << 30;

    // caps chosen for the tests, not taken from a real device
    private final Mlx5StyleTracker.Caps caps = new Mlx5StyleTracker.Caps(2, 12, 16, 12, 42);
    private final EventLog log = new EventLog();
    private final Mlx5StyleTracker mlx = new Mlx5StyleTracker("mlx", caps, log);
    private final DmaLogging dl = new DmaLogging("mlx", mlx, log);

    @Test
    void pageSizeIsClampedAndWrittenBack() {
        assertThat(dl.start(K4, List.of(new IovaRange(0, G)))).isEqualTo(K4);
        dl.stop();
        assertThat(dl.start(1L << 20, List.of(new IovaRange(0, G)))).isEqualTo(1L << 16);
        dl.stop();
        // a hint below the minimum: IS_ALIGNED with 2048 passes the core, then clamped up
        assertThat(dl.start(2048, List.of(new IovaRange(0, G)))).isEqualTo(K4);
        dl.stop();
        // ilog2 rounds a non-power-of-two hint down: 12 KiB -> 8 KiB
        assertThat(mlx.logStart(List.of(new IovaRange(0, G)), 3 * K4)).isEqualTo(2 * K4);
    }

    @Test
    void secondStartIsEinvalAndStopIsIdempotent() {
        dl.start(K4, List.of(new IovaRange(0, G)));
        assertErrno(Errno.EINVAL, () -> dl.start(K4, List.of(new IovaRange(0, G))));
        dl.stop();
        dl.stop();
        assertThat(mlx.isLogging()).isFalse();
    }

    @Test
    void reportWhenNotStartedIsEinval() {
        assertErrno(Errno.EINVAL, () -> dl.report(0, G, K4));
    }

    @Test
    void tooManyRangesAreCombinedToMaxNumRange() {
        dl.start(K4, List.of(new IovaRange(0, K4), new IovaRange(0x10000, K4), new IovaRange(0x12000, K4)));
        assertThat(mlx.trackedRanges()).containsExactly(IovaRange.ofLast(0, 0xfff), IovaRange.ofLast(0x10000, 0x12fff));
    }

    @Test
    void addressSpaceOutsideCapsIsEopnotsupp() {
        // 2^43 bytes > 2^42
        assertErrno(Errno.EOPNOTSUPP, () -> dl.start(K4, List.of(new IovaRange(0, 1L << 43))));
        assertThat(mlx.isLogging()).isFalse();
        // exactly 2^42 is fine under the current formula
        dl.start(K4, List.of(new IovaRange(0, 1L << 42)));
        assertThat(mlx.lastLogAddrSpace()).isEqualTo(42);
    }

    @Test
    void ovmfLikeRangesFromTheKvmThreadAreRejected() {
        // 32:[0x0 - 0x807fffff], 64:[0x100000000 - 0x3838000fffff] with a 42-bit cap -> -95
        Mlx5StyleTracker.Caps c = new Mlx5StyleTracker.Caps(4, 12, 21, 12, 42);
        DmaLogging d = new DmaLogging("mlx", new Mlx5StyleTracker("mlx", c, null), null);
        assertErrno(Errno.EOPNOTSUPP, () -> d.start(K4, List.of(IovaRange.ofLast(0, 0x807f_ffffL),
                IovaRange.ofLast(0x1_0000_0000L, 0x3838_000f_ffffL))));
    }

    @Test
    void formulasDifferAtPowerOfTwoBoundaries() {
        List<IovaRange> oneGiB = List.of(new IovaRange(0, G));
        assertThat(Mlx5StyleTracker.logAddrSpace(oneGiB, Mlx5StyleTracker.AddrSpaceFormula.CURRENT)).isEqualTo(30);
        // last - start = 2^30 - 1 -> ilog2 29
        assertThat(Mlx5StyleTracker.logAddrSpace(oneGiB, Mlx5StyleTracker.AddrSpaceFormula.ORIGINAL)).isEqualTo(29);
        List<IovaRange> threeGiB = List.of(new IovaRange(0, 3 * G));
        assertThat(Mlx5StyleTracker.logAddrSpace(threeGiB, Mlx5StyleTracker.AddrSpaceFormula.CURRENT)).isEqualTo(32);
        assertThat(Mlx5StyleTracker.logAddrSpace(threeGiB, Mlx5StyleTracker.AddrSpaceFormula.ORIGINAL)).isEqualTo(31);
        // with min 30, the original formula refuses a 1 GiB guest that the current one accepts
        Mlx5StyleTracker.Caps c = new Mlx5StyleTracker.Caps(4, 12, 21, 30, 42);
        Mlx5StyleTracker orig = new Mlx5StyleTracker("o", c, Mlx5StyleTracker.AddrSpaceFormula.ORIGINAL, null);
        assertErrno(Errno.EOPNOTSUPP, () -> orig.logStart(oneGiB, K4));
        assertThat(new Mlx5StyleTracker("c", c, null).logStart(oneGiB, K4)).isEqualTo(K4);
    }

    @Test
    void writesOutsideTrackedRangesAreUntracked() {
        dl.start(K4, List.of(new IovaRange(0, 16 * K4)));
        mlx.onDmaWrite(2 * K4, 8);                 // tracked
        mlx.onDmaWrite(15 * K4, 2 * K4);           // half in, half out
        mlx.onDmaWrite(100 * K4, K4);              // out
        assertThat(mlx.untrackedWrites()).isEqualTo(2);
        assertThat(mlx.untrackedBytes()).isEqualTo(2 * K4);
        assertThat(log.ofType(DmaLoggingEvents.UntrackedWrite.class)).hasSize(2);
        IovaBitmap bm = dl.report(0, 128 * K4, K4);
        assertThat(bm.get(2)).isTrue();
        assertThat(bm.get(15)).isTrue();
        assertThat(bm.get(16)).isFalse();
        assertThat(bm.get(100)).isFalse();
        assertThat(bm.cardinality()).isEqualTo(2);
    }

    @Test
    void writesInGapsCoveredByCombiningAreTracked() {
        dl.start(K4, List.of(new IovaRange(0, K4), new IovaRange(0x10000, K4), new IovaRange(0x12000, K4)));
        mlx.onDmaWrite(0x11000, 16); // gap between the last two: combined, so tracked
        mlx.onDmaWrite(0x8000, 16);  // gap between the first two: still a hole
        assertThat(mlx.untrackedWrites()).isEqualTo(1);
        assertThat(dl.report(0, 0x13000, K4).isDirty(0x11000)).isTrue();
    }

    @Test
    void reportReadsAndClears() {
        dl.start(K4, List.of(new IovaRange(0, 16 * K4)));
        mlx.onDmaWrite(3 * K4, 1);
        assertThat(dl.report(0, 16 * K4, K4).cardinality()).isEqualTo(1);
        assertThat(dl.report(0, 16 * K4, K4).cardinality()).isZero();
        mlx.onDmaWrite(3 * K4, 1);
        // a report of another window leaves page 3 logged
        assertThat(dl.report(8 * K4, 8 * K4, K4).cardinality()).isZero();
        assertThat(mlx.pendingDirtyUnits()).isEqualTo(1);
    }

    @Test
    void reportAtLargerPageSizeThanInternalOrsUnits() {
        dl.start(K4, List.of(new IovaRange(0, 64 * K4)));
        mlx.onDmaWrite(1 * K4, 1);
        mlx.onDmaWrite(2 * K4, 1);
        mlx.onDmaWrite(17 * K4, 1);
        IovaBitmap bm = dl.report(0, 64 * K4, 16 * K4); // 64 KiB bits
        assertThat(bm.toHex()).isEqualTo("03");
    }

    @Test
    void reportAtSmallerPageSizeThanInternalReplicates() {
        dl.start(1L << 16, List.of(new IovaRange(0, 1L << 20))); // tracked page 64 KiB
        assertThat(mlx.trackedPageSize()).isEqualTo(1L << 16);
        mlx.onDmaWrite(0x10010, 4);
        IovaBitmap bm = dl.report(0, 1L << 20, K4);
        assertThat(bm.cardinality()).isEqualTo(16);
        assertThat(bm.toHex()).isEqualTo("0000ffff" + "00".repeat(28));
    }
}

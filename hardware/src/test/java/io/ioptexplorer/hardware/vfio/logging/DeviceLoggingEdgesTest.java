package io.ioptexplorer.hardware.vfio.logging;

import static io.ioptexplorer.hardware.vfio.logging.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.EventLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Device dirty logging away from IOVA 0 and at window edges, which the other logging tests step over (issue 16's
 * mutation survivors): the mlx5 tracker's read-and-clear window ({@code mlx5vf_tracker_read_and_clear}) and its
 * address-space formula ({@code mlx5vf_create_tracker}), the pds seq/ack bitmaps of a region that does not start at 0
 * ({@code pds_vfio_dirty_process_bitmaps}), and the core's REPORT checks and events ({@code vfio_main.c}).
 *
 * <p>Equivalent mutants left: the mlx5 page-size clamp and {@code size > max_num_range} at equality (clamping to the
 * bound, or "combining" to as many ranges as there are, change nothing), and the pds {@code page_count} limit at
 * equality (it is set to the value it already has).
 */
class DeviceLoggingEdgesTest {
    private static final long K4 = 4096;
    private static final long M1 = 1L << 20;
    private static final long BASE = 1L << 32; // 4 GiB: ranges away from 0

    private final EventLog log = new EventLog();

    private Mlx5StyleTracker mlx() {
        return new Mlx5StyleTracker("mlx", new Mlx5StyleTracker.Caps(4, 12, 21, 12, 50), log);
    }

    @Test
    void mlx5ReadsAndClearsOnlyTheTrackedPagesInsideTheWindow() {
        Mlx5StyleTracker t = mlx();
        t.logStart(List.of(new IovaRange(BASE, M1)), K4);
        t.onDmaWrite(BASE + 4 * K4, 1);
        t.onDmaWrite(BASE + 5 * K4 + 10, 1);
        t.onDmaWrite(BASE + 6 * K4, 1);
        // a two-page window that starts after a dirty page: that page stays pending
        IovaBitmap pair = new IovaBitmap(BASE + 5 * K4, 2 * K4, K4);
        Mlx5StyleTracker u = mlx();
        u.logStart(List.of(new IovaRange(BASE, M1)), K4);
        u.onDmaWrite(BASE + 4 * K4, 1);
        u.onDmaWrite(BASE + 5 * K4, 1);
        u.onDmaWrite(BASE + 6 * K4, 1);
        u.logReadAndClear(BASE + 5 * K4, 2 * K4, pair);
        assertThat(pair.cardinality()).isEqualTo(2);
        assertThat(u.pendingDirtyUnits()).isEqualTo(1);
        IovaBitmap middle = new IovaBitmap(BASE + 5 * K4, K4, K4);
        t.logReadAndClear(BASE + 5 * K4, K4, middle);
        assertThat(middle.cardinality()).isEqualTo(1);
        // the pages just before and just after the window are still pending
        assertThat(t.pendingDirtyUnits()).isEqualTo(2);
        IovaBitmap all = new IovaBitmap(BASE, M1, K4);
        t.logReadAndClear(BASE, M1, all);
        assertThat(all.get(4)).isTrue();
        assertThat(all.get(5)).isFalse();
        assertThat(all.get(6)).isTrue();
        assertThat(all.cardinality()).isEqualTo(2);
        assertThat(t.isLogging()).isTrue();
        assertThat(t.caps()).isEqualTo(new Mlx5StyleTracker.Caps(4, 12, 21, 12, 50));
        assertThat(t.formula()).isEqualTo(Mlx5StyleTracker.AddrSpaceFormula.CURRENT);
    }

    @Test
    void mlx5ReportsAtTheTopOfTheAddressSpace() {
        Mlx5StyleTracker t = mlx();
        long top = -2 * K4; // the last two pages below 2^64
        t.logStart(List.of(new IovaRange(top, 2 * K4)), K4);
        t.onDmaWrite(top + K4, 8);
        IovaBitmap b = new IovaBitmap(top, 2 * K4, K4);
        t.logReadAndClear(top, 2 * K4, b); // iova + length wraps to 0: last is 2^64 - 1
        assertThat(b.get(1)).isTrue();
        assertThat(t.pendingDirtyUnits()).isZero();
    }

    @Test
    void mlx5AddressSpaceFormulasCountLengthsTheirOwnWay() {
        List<IovaRange> threeMib = List.of(new IovaRange(BASE, M1), new IovaRange(BASE + 4 * M1, 2 * M1));
        // current driver: lengths last - start + 1 = 3 MiB, ilog2(roundup_pow_of_two) = 22
        assertThat(Mlx5StyleTracker.logAddrSpace(threeMib, Mlx5StyleTracker.AddrSpaceFormula.CURRENT)).isEqualTo(22);
        // first version: lengths last - start = 3 MiB - 2, ilog2 rounds down = 21
        assertThat(Mlx5StyleTracker.logAddrSpace(threeMib, Mlx5StyleTracker.AddrSpaceFormula.ORIGINAL))
                .isEqualTo(21);
        List<IovaRange> onePage = List.of(new IovaRange(BASE, K4));
        assertThat(Mlx5StyleTracker.logAddrSpace(onePage, Mlx5StyleTracker.AddrSpaceFormula.CURRENT)).isEqualTo(12);
        assertThat(Mlx5StyleTracker.logAddrSpace(onePage, Mlx5StyleTracker.AddrSpaceFormula.ORIGINAL)).isEqualTo(11);
        assertThat(Mlx5StyleTracker.logAddrSpace(List.of(), Mlx5StyleTracker.AddrSpaceFormula.CURRENT)).isEqualTo(-1);
    }

    @Test
    void mlx5StartForgetsTheUntrackedWritesOfThePreviousSession() {
        Mlx5StyleTracker t = mlx();
        t.logStart(List.of(new IovaRange(BASE, M1)), K4);
        t.onDmaWrite(0, K4); // outside every range
        assertThat(t.untrackedWrites()).isEqualTo(1);
        assertThat(t.untrackedBytes()).isEqualTo(K4);
        t.logStop();
        t.logStart(List.of(new IovaRange(BASE, M1)), K4);
        assertThat(t.untrackedWrites()).isZero();
        assertThat(t.untrackedBytes()).isZero();
    }

    @Test
    void pdsMarksAndReportsPagesOfARegionThatDoesNotStartAtZero() {
        PdsStyleTracker p = new PdsStyleTracker("pds", 1, log);
        DmaLogging dl = new DmaLogging("pds", p, log);
        dl.start(K4, List.of(new IovaRange(BASE, M1)));
        assertThat(p.trackedPageSize()).isEqualTo(K4);
        p.onDmaWrite(BASE + 3 * K4, 2 * K4); // pages 3 and 4
        p.onDmaWrite(BASE + 70 * K4, 1);      // page 70, in the second u64 word
        IovaBitmap b = dl.report(BASE, M1, K4);
        assertThat(b.cardinality()).isEqualTo(3);
        assertThat(b.get(3)).isTrue();
        assertThat(b.get(4)).isTrue();
        assertThat(b.get(70)).isTrue();
        assertThat(p.pendingDirtyUnits()).isZero(); // ack := seq was written back
        // a window starting at the second u64 word of the host bitmap (bmp_offset 8 bytes)
        p.onDmaWrite(BASE + 65 * K4, 1);
        IovaBitmap second = new IovaBitmap(BASE + 64 * K4, 64 * K4, K4);
        dl.report(BASE + 64 * K4, 64 * K4, K4, second);
        assertThat(second.cardinality()).isEqualTo(1);
        assertThat(second.get(1)).isTrue();
        assertThat(log.ofType(DmaLoggingEvents.Reported.class)).extracting(DmaLoggingEvents.Reported::bitsSet)
                .containsExactly(3L, 1L);
        assertThat(p.untrackedBytes()).isZero();
    }

    @Test
    void pdsMultiRegionFindsTheRegionOfEachWindowAndRefusesAGap() {
        PdsStyleTracker p = new PdsStyleTracker("pds", 2, PdsStyleTracker.Mode.MULTI_REGION, 0, null);
        assertThat(p.mode()).isEqualTo(PdsStyleTracker.Mode.MULTI_REGION);
        p.logStart(List.of(new IovaRange(BASE, M1), new IovaRange(BASE + 8 * M1, M1)), K4);
        p.onDmaWrite(BASE + 8 * M1 + K4, 1);
        IovaBitmap b = new IovaBitmap(BASE + 8 * M1, M1, K4);
        p.logReadAndClear(BASE + 8 * M1, M1, b);
        assertThat(b.cardinality()).isEqualTo(1);
        assertThat(b.get(1)).isTrue();
        assertErrno(Errno.EINVAL, () -> p.logReadAndClear(BASE + 4 * M1, K4, new IovaBitmap(BASE + 4 * M1, K4, K4)));
        assertErrno(Errno.EINVAL, () -> p.logReadAndClear(BASE + M1, K4, new IovaBitmap(BASE + M1, K4, K4)));
    }

    @Test
    void pdsMaxRegionsIsAU8AndADeviceResetWhileEnabledKeepsTheDriversRegions() {
        assertThat(new PdsStyleTracker("p", 255, null).isLogging()).isFalse();
        assertThatThrownBy(() -> new PdsStyleTracker("p", 256, null)).isInstanceOf(IllegalArgumentException.class);
        PdsStyleTracker p = new PdsStyleTracker("p", 1, null);
        p.logStart(List.of(new IovaRange(BASE, M1)), K4);
        assertThat(p.isLogging()).isTrue();
        p.deviceReset();
        assertThat(p.deviceEnabled()).isFalse();
        assertThat(p.pageCounts()).containsExactly(256L); // the driver still holds its region (inferred)
        p.logStop();
        assertThat(p.pageCounts()).isEmpty();
    }

    @Test
    void pdsStartForgetsTheUntrackedWritesOfThePreviousSession() {
        PdsStyleTracker p = new PdsStyleTracker("p", 1, null);
        p.logStart(List.of(new IovaRange(BASE, M1)), K4);
        p.onDmaWrite(0, K4);
        assertThat(p.untrackedBytes()).isEqualTo(K4);
        p.logStop();
        p.logStart(List.of(new IovaRange(BASE, M1)), K4);
        assertThat(p.untrackedWrites()).isZero();
        assertThat(p.untrackedBytes()).isZero();
    }

    @Test
    void reportIntoAGivenBitmapRunsTheCoreChecksAndEmitsRefusals() {
        Mlx5StyleTracker t = mlx();
        DmaLogging dl = new DmaLogging("mlx", t, log);
        assertThat(dl.device()).isEqualTo("mlx");
        dl.start(K4, List.of(new IovaRange(BASE, M1)));
        // page_size below 4 KiB: EINVAL from the core before the driver is asked
        assertErrno(Errno.EINVAL, () -> dl.report(BASE, M1, 2048, new IovaBitmap(BASE, M1, 2048)));
        assertErrno(Errno.EINVAL, () -> dl.report(BASE, M1, 2048));
        t.onDmaWrite(BASE, 1);
        IovaBitmap b = new IovaBitmap(BASE, M1, K4);
        b.set(BASE + K4, K4); // a bit the caller already had: REPORT only sets bits, counts only its own
        dl.report(BASE, M1, K4, b);
        assertThat(b.cardinality()).isEqualTo(2);
        assertThat(log.ofType(DmaLoggingEvents.Reported.class)).containsExactly(
                new DmaLoggingEvents.Reported("mlx", BASE, M1, K4, 1));
        assertThat(log.ofType(DmaLoggingEvents.Refused.class)).extracting(DmaLoggingEvents.Refused::operation)
                .containsExactly("DMA_LOGGING_REPORT", "DMA_LOGGING_REPORT");
    }

    @Test
    void anIovaRangeContainsItsFirstAndLastAddressOnly() {
        IovaRange r = new IovaRange(BASE, K4);
        assertThat(r.contains(BASE)).isTrue();
        assertThat(r.contains(BASE + K4 - 1)).isTrue();
        assertThat(r.contains(BASE - 1)).isFalse();
        assertThat(r.contains(BASE + K4)).isFalse();
        assertThat(new IovaRange(BASE, 0).contains(BASE)).isFalse();
        assertThat(r.end()).isEqualTo(BASE + K4);
        assertThat(r).hasToString("[0x100000000..0x100000fff]");
    }
}

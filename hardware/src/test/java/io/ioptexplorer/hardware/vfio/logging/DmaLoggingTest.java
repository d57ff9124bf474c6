package io.ioptexplorer.hardware.vfio.logging;

import static io.ioptexplorer.hardware.vfio.logging.ErrnoAssert.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.EventLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmaLoggingTest {

    private static final long K4 = 4096;

    /** Records what the core hands to the driver. */
    static final class RecordingOps implements DmaLoggingOps {
        List<IovaRange> started;
        long startPageSize;
        final List<long[]> windows = new ArrayList<>();
        int stops;

        @Override
        public long logStart(List<IovaRange> sortedRanges, long pageSize) {
            started = sortedRanges;
            startPageSize = pageSize;
            return pageSize * 2;
        }

        @Override
        public void logStop() {
            stops++;
        }

        @Override
        public void logReadAndClear(long iova, long length, IovaBitmap dirty) {
            windows.add(new long[] {iova, length});
            dirty.set(iova, 1);
        }
    }

    private final RecordingOps ops = new RecordingOps();
    private final EventLog log = new EventLog();
    private final DmaLogging dl = new DmaLogging("dev0", ops, log);

    @Test
    void noLogOpsIsEnottyForAllThree() {
        DmaLogging none = new DmaLogging("plain", null, log);
        assertThat(none.supported()).isFalse();
        assertErrno(Errno.ENOTTY, () -> none.start(K4, List.of(new IovaRange(0, K4))));
        assertErrno(Errno.ENOTTY, none::stop);
        assertErrno(Errno.ENOTTY, () -> none.report(0, K4, K4));
        assertThat(log.ofType(DmaLoggingEvents.Refused.class)).hasSize(3);
    }

    @Test
    void zeroRangesIsEinvalAndTooManyIsE2big() {
        assertErrno(Errno.EINVAL, () -> dl.start(K4, List.of()));
        List<IovaRange> many = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            many.add(new IovaRange(i * 2 * K4, K4));
        }
        assertErrno(Errno.E2BIG, () -> dl.start(K4, many));
        assertThat(dl.start(K4, many.subList(0, 256))).isEqualTo(2 * K4);
    }

    @Test
    void misalignedIovaOrLengthIsEinval() {
        assertErrno(Errno.EINVAL, () -> dl.start(K4, List.of(new IovaRange(0x800, K4))));
        assertErrno(Errno.EINVAL, () -> dl.start(K4, List.of(new IovaRange(0, K4 + 1))));
        assertThat(ops.started).isNull();
    }

    @Test
    void overflowIsEoverflow() {
        assertErrno(Errno.EOVERFLOW, () -> dl.start(K4, List.of(new IovaRange(-K4, K4))));
    }

    @Test
    void overlappingRangesAreEinval() {
        assertErrno(Errno.EINVAL, () -> dl.start(K4,
                List.of(new IovaRange(0, 4 * K4), new IovaRange(3 * K4, 2 * K4))));
    }

    @Test
    void checksRunPerRangeInUserOrder() {
        // range 0 overlaps nothing yet, range 1 overflows before range 2's misalignment is looked at
        assertErrno(Errno.EOVERFLOW, () -> dl.start(K4, List.of(new IovaRange(0, K4),
                new IovaRange(-K4, K4), new IovaRange(0x10, K4))));
    }

    @Test
    void driverSeesSortedRangesAndPageSizeIsWrittenBack() {
        long chosen = dl.start(K4, List.of(new IovaRange(0x10000, K4), new IovaRange(0, K4)));
        assertThat(chosen).isEqualTo(2 * K4);
        assertThat(ops.started).containsExactly(new IovaRange(0, K4), new IovaRange(0x10000, K4));
        assertThat(log.ofType(DmaLoggingEvents.Started.class)).singleElement()
                .extracting(DmaLoggingEvents.Started::chosenPageSize).isEqualTo(2 * K4);
    }

    @Test
    void reportPageSizeChecks() {
        assertErrno(Errno.EINVAL, () -> dl.report(0, K4, 2048));
        assertErrno(Errno.EINVAL, () -> dl.report(0, 3 * K4, 3 * K4));
        assertErrno(Errno.EINVAL, () -> dl.report(0, K4, 0));
        assertErrno(Errno.EOVERFLOW, () -> dl.report(-K4, K4, K4));
        assertErrno(Errno.EINVAL, () -> dl.report(0, 0, K4));
        assertThat(ops.windows).isEmpty();
    }

    @Test
    void reportWalksIovaBitmapWindows() {
        long g = 1L << 30;
        IovaBitmap bm = dl.report(4 * g, 124 * g, K4);
        assertThat(ops.windows).hasSize(2);
        assertThat(ops.windows.get(0)).containsExactly(4 * g, 64 * g);
        assertThat(ops.windows.get(1)).containsExactly(68 * g, 60 * g);
        assertThat(bm.cardinality()).isEqualTo(2);
        assertThat(log.ofType(DmaLoggingEvents.Reported.class)).singleElement()
                .extracting(DmaLoggingEvents.Reported::bitsSet).isEqualTo(2L);
    }

    @Test
    void stopReachesDriver() {
        dl.stop();
        assertThat(ops.stops).isEqualTo(1);
        assertThat(log.ofType(DmaLoggingEvents.Stopped.class)).hasSize(1);
    }
}

package io.ioptexplorer.hardware.vfio.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Edges of the VFIO migration v2 model that {@link VfioMigrationDeviceTest} and {@link VfioMigrationFsmTest} step
 * over (issue 16's mutation survivors): zero-sized reads and writes, the resuming byte count, which states accrue
 * device dirt, saturation, the flag names and the per-state flag table (include/uapi/linux/vfio.h,
 * drivers/vfio/vfio_main.c {@code vfio_mig_get_next_state}; reference §5.1-5.2).
 *
 * <p>Equivalent mutants left in {@link VfioMigrationDevice}: removing {@code closeStreams()} from the failed-arc path,
 * from {@code reset()} or from leaving the saving group, and negating its first test, change nothing a caller can
 * see, because every state outside the saving group refuses reads and PRECOPY_INFO, and entering the group opens a
 * fresh stream. In {@link VfioMigrationFsm#path} the loop guard never fires (no walk of the table is longer than
 * four states), so mutating its bound is equivalent. In {@code bytesFor} the boundaries {@code lo >= 0} and
 * {@code lo <= MAX - carry} are equivalent: at equality both paths compute the same quotient.
 */
class VfioMigrationEdgesTest {
    private static final long MS = 1_000_000L;

    private static VfioMigrationDevice dev(VfioMigFlags f) {
        return new VfioMigrationDevice("dev", f, 1000, 10_000, null); // 10 bytes per ms
    }

    @Test
    void zeroSizedReadsWritesAndTimeStepsAreAcceptedAndDoNothing() {
        VfioMigrationDevice d = new VfioMigrationDevice("empty", VfioMigFlags.of(false, true), 0, 0, null);
        d.advance(0);
        d.setState(VfioMigState.PRE_COPY);
        assertThat(d.read(0)).isZero(); // a zero-length read() returns 0 rather than ENOMSG
        assertThatThrownBy(() -> d.read(1)).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ENOMSG));
        d.reset();
        d.setState(VfioMigState.STOP);
        d.setState(VfioMigState.RESUMING);
        assertThat(d.write(0)).isZero();
        assertThatThrownBy(() -> d.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VfioMigrationDevice("bad", VfioMigFlags.stopCopyOnly(), -1, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VfioMigrationDevice("bad", VfioMigFlags.stopCopyOnly(), 0, -1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesReadCountsEveryReadOfTheSavingStream() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(false, true));
        d.setState(VfioMigState.PRE_COPY);
        d.read(300);
        d.advance(2 * MS); // 20 dirty bytes
        d.read(800);       // the other 700 initial bytes and the 20 dirty ones
        assertThat(d.bytesRead()).isEqualTo(1020);
        d.advance(MS);     // 10 more dirty bytes, sent in stop-copy
        d.setState(VfioMigState.STOP_COPY);
        assertThat(d.read(4)).isEqualTo(4);
        assertThat(d.bytesRead()).isEqualTo(1024);
        assertThat(d.read(100)).isEqualTo(6);
        assertThat(d.bytesRead()).isEqualTo(1030);
        assertThat(d.id()).isEqualTo("dev");
        assertThat(d.flags()).isEqualTo(VfioMigFlags.of(false, true));
        assertThat(d.initialBytes()).isEqualTo(1000);
        assertThat(d.dirtyBytesPerSecond()).isEqualTo(10_000);
        assertThat(d.toString()).contains("dev", "STOP_COPY", "STOP_COPY|PRE_COPY");
    }

    @Test
    void theResumingCountSurvivesLeavingResumingAndRestartsOnTheNextEntry() {
        VfioMigrationDevice d = dev(VfioMigFlags.stopCopyOnly());
        d.setState(VfioMigState.STOP);
        d.setState(VfioMigState.RESUMING); // STOP -> RESUMING returns a new data_fd for loading
        d.write(100);
        d.setState(VfioMigState.STOP);
        assertThat(d.bytesWritten()).isEqualTo(100); // "the current (or last) RESUMING session"
        d.setState(VfioMigState.RESUMING);
        assertThat(d.bytesWritten()).isZero();
        d.write(Long.MAX_VALUE);
        d.write(1);
        assertThat(d.bytesWritten()).isEqualTo(Long.MAX_VALUE); // saturates rather than wrapping
    }

    @Test
    void onlyRunningStatesAccrueDeviceStateChanges() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(true, true));
        d.setState(VfioMigState.RUNNING_P2P);
        d.advance(MS); // RUNNING_P2P still executes (it only stops P2P DMA)
        assertThat(d.totalDirtiedBytes()).isEqualTo(10);
        d.setState(VfioMigState.STOP);
        d.advance(MS);
        assertThat(d.totalDirtiedBytes()).isEqualTo(10);
        d.setState(VfioMigState.PRE_COPY_P2P);
        d.advance(MS);
        assertThat(d.totalDirtiedBytes()).isEqualTo(20);
        assertThat(d.precopyInfo()).isEqualTo(new PrecopyInfo(1000, 10));
        assertThat(VfioMigState.RUNNING_P2P.isDeviceRunning()).isTrue();
        assertThat(VfioMigState.STOP_COPY.isDeviceRunning()).isFalse();
        assertThat(VfioMigState.RESUMING.isDeviceRunning()).isFalse();
        assertThat(VfioMigState.ERROR.isDeviceRunning()).isFalse();
    }

    @Test
    void theTotalOfAVeryFastDeviceSaturates() {
        VfioMigrationDevice d = new VfioMigrationDevice("fast", VfioMigFlags.stopCopyOnly(), 1, Long.MAX_VALUE, null);
        d.advance(Long.MAX_VALUE);
        d.advance(Long.MAX_VALUE);
        assertThat(d.totalDirtiedBytes()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void bytesForIsTheExactQuotientAndRemainderOfRateTimesTimePlusCarry() {
        long[][] cases = {
            {1_000_000_000L, 5, 0},
            {1, 1, 999_999_999L},
            {3, 7, 5},
            {1L << 32, 1L << 31, 0},               // product 2^63: does not fit a positive long
            {Long.MAX_VALUE - 10, 1, 20},          // product fits, the carry does not
            {1L << 40, 1L << 30, 123},             // product 2^70
            {1L << 62, 1_000_000_000L, 0},         // quotient exactly 2^62: still a long
            {Long.MAX_VALUE, Long.MAX_VALUE, 7},   // quotient past 2^63: saturates
        };
        BigInteger billion = BigInteger.valueOf(1_000_000_000L);
        for (long[] c : cases) {
            BigInteger total = BigInteger.valueOf(c[0]).multiply(BigInteger.valueOf(c[1])).add(BigInteger.valueOf(c[2]));
            BigInteger[] qr = total.divideAndRemainder(billion);
            long q = qr[0].bitLength() <= 63 ? qr[0].longValue() : Long.MAX_VALUE;
            assertThat(VfioMigrationDevice.bytesFor(c[0], c[1], c[2])).as("%d ns at %d B/s + %d", c[0], c[1], c[2])
                    .containsExactly(q, qr[1].longValue());
        }
    }

    @Test
    void eachStateNeedsTheFlagsOfTheKernelsStateFlagsTable() {
        // state_flags_table in drivers/vfio/vfio_main.c
        assertThat(VfioMigState.RUNNING.requiredFlags()).isEqualTo(VfioMigFlags.STOP_COPY);
        assertThat(VfioMigState.STOP.requiredFlags()).isEqualTo(VfioMigFlags.STOP_COPY);
        assertThat(VfioMigState.RUNNING_P2P.requiredFlags()).isEqualTo(VfioMigFlags.STOP_COPY | VfioMigFlags.P2P);
        assertThat(VfioMigState.PRE_COPY.requiredFlags()).isEqualTo(VfioMigFlags.STOP_COPY | VfioMigFlags.PRE_COPY);
        assertThat(VfioMigState.PRE_COPY_P2P.requiredFlags()).isEqualTo(VfioMigFlags.ALL);
        assertThat(VfioMigFlags.stopCopyOnly().supports(VfioMigState.ERROR)).isFalse();
        assertThat(VfioMigFlags.of(true, false).missingFor(VfioMigState.PRE_COPY_P2P))
                .isEqualTo(VfioMigFlags.PRE_COPY);
    }

    @Test
    void flagNamesJoinTheSetBitsInUapiOrder() {
        assertThat(VfioMigFlags.names(0)).isEqualTo("0");
        assertThat(VfioMigFlags.names(VfioMigFlags.P2P)).isEqualTo("P2P");
        assertThat(VfioMigFlags.names(VfioMigFlags.PRE_COPY)).isEqualTo("PRE_COPY");
        assertThat(VfioMigFlags.names(VfioMigFlags.P2P | VfioMigFlags.PRE_COPY)).isEqualTo("P2P|PRE_COPY");
        assertThat(VfioMigFlags.of(true, true)).hasToString("STOP_COPY|P2P|PRE_COPY");
    }

    @Test
    void stopCopyOnlyDevicesReachStopCopyInTwoArcsAndCannotGoBackToPreCopy() {
        // reference §5.2: RUNNING -> STOP_COPY without P2P is RUNNING -> STOP -> STOP_COPY
        assertThat(VfioMigrationFsm.arcCount(VfioMigState.RUNNING, VfioMigState.STOP_COPY,
                VfioMigFlags.stopCopyOnly())).isEqualTo(2);
        assertThat(VfioMigrationFsm.arcCount(VfioMigState.RUNNING, VfioMigState.STOP_COPY,
                VfioMigFlags.of(true, true))).isEqualTo(3); // RUNNING -> RUNNING_P2P -> STOP -> STOP_COPY
        assertThatThrownBy(() -> VfioMigrationFsm.nextStep(VfioMigState.STOP_COPY, VfioMigState.PRE_COPY,
                VfioMigFlags.of(false, true))).isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.why()).contains("STOP_COPY → PRE_COPY(_P2P) is forbidden");
                });
    }

    @Test
    void v1NamesListTheKnownBitsThenAnyUnknownOnes() {
        assertThat(VfioV1State.names(0)).isEqualTo("STOP(0)");
        assertThat(VfioV1State.names(VfioV1State.DIRTY_TRACK)).isEqualTo("DIRTY_TRACK");
        assertThat(VfioV1State.names(VfioV1State.RUNNING | VfioV1State.SAVING)).isEqualTo("RUNNING|SAVING");
        assertThat(VfioV1State.names(1 << 6)).isEqualTo("0x40");
        assertThat(VfioV1State.names(VfioV1State.RUNNING | 1 << 6)).isEqualTo("RUNNING|0x40");
        assertThatThrownBy(() -> VfioV1State.toV2(VfioV1State.RUNNING | 1 << 6))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.why()).isEqualTo("unknown device_state bits 0x40");
                });
    }
}

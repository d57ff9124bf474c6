package io.ioptexplorer.hardware.vfio.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import org.junit.jupiter.api.Test;

class VfioMigrationDeviceTest {
    private static final long MS = 1_000_000L;

    private final EventLog log = new EventLog();

    private VfioMigrationDevice dev(VfioMigFlags f) {
        return new VfioMigrationDevice("mlx5-vf0", f, 1000, 10_000, log); // 10 bytes per ms
    }

    private static Errno errnoOf(Runnable r) {
        try {
            r.run();
        } catch (ErrnoException e) {
            return e.errno();
        }
        return null;
    }

    @Test
    void setStateWalksArcByArcAndEmitsOneEventPerArc() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(true, false));
        assertThat(d.state()).isEqualTo(VfioMigState.RUNNING);
        assertThat(d.setState(VfioMigState.STOP_COPY)).containsExactly(VfioMigState.RUNNING, VfioMigState.RUNNING_P2P,
                VfioMigState.STOP, VfioMigState.STOP_COPY);
        assertThat(log.ofType(VfioMigArcEvent.class)).containsExactly(
                new VfioMigArcEvent("mlx5-vf0", VfioMigState.RUNNING, VfioMigState.RUNNING_P2P, VfioMigState.STOP_COPY, 1),
                new VfioMigArcEvent("mlx5-vf0", VfioMigState.RUNNING_P2P, VfioMigState.STOP, VfioMigState.STOP_COPY, 1),
                new VfioMigArcEvent("mlx5-vf0", VfioMigState.STOP, VfioMigState.STOP_COPY, VfioMigState.STOP_COPY, 1));
        assertThat(d.setState(VfioMigState.STOP_COPY)).containsExactly(VfioMigState.STOP_COPY);
        assertThat(log.ofType(VfioMigArcEvent.class)).hasSize(3);
        // a no-op SET walks no arc and is not counted; the next SET that walks is call 2
        d.setState(VfioMigState.STOP);
        assertThat(log.ofType(VfioMigArcEvent.class)).last().isEqualTo(new VfioMigArcEvent("mlx5-vf0",
                VfioMigState.STOP_COPY, VfioMigState.STOP, VfioMigState.STOP, 2));
    }

    @Test
    void refusedRequestLeavesTheDeviceWhereItWas() {
        VfioMigrationDevice d = dev(VfioMigFlags.stopCopyOnly());
        assertThat(errnoOf(() -> d.setState(VfioMigState.PRE_COPY))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> d.setState(VfioMigState.ERROR))).isEqualTo(Errno.EINVAL);
        assertThat(d.state()).isEqualTo(VfioMigState.RUNNING);
        assertThat(log.size()).isZero();
    }

    @Test
    void failedArcLandsInErrorFromWhichOnlyResetRecovers() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(true, true));
        d.injectArcFault(VfioMigState.RUNNING_P2P, VfioMigState.STOP, Errno.ENOMEM);
        assertThatThrownBy(() -> d.setState(VfioMigState.STOP_COPY))
                .isInstanceOf(ErrnoException.class).hasMessageStartingWith("ENOMEM")
                .hasMessageContaining("RUNNING_P2P → STOP");
        assertThat(d.state()).isEqualTo(VfioMigState.ERROR);
        assertThat(log.ofType(VfioMigArcEvent.class)).containsExactly(
                new VfioMigArcEvent("mlx5-vf0", VfioMigState.RUNNING, VfioMigState.RUNNING_P2P,
                        VfioMigState.STOP_COPY, 1));
        assertThat(log.ofType(VfioMigArcFailedEvent.class)).containsExactly(new VfioMigArcFailedEvent("mlx5-vf0",
                VfioMigState.RUNNING_P2P, VfioMigState.STOP, Errno.ENOMEM));

        for (VfioMigState s : VfioMigState.values()) {
            assertThat(errnoOf(() -> d.setState(s))).as("request %s from ERROR", s).isEqualTo(Errno.EINVAL);
        }
        assertThat(d.state()).isEqualTo(VfioMigState.ERROR);

        d.reset();
        assertThat(d.state()).isEqualTo(VfioMigState.RUNNING);
        assertThat(log.ofType(VfioMigResetEvent.class))
                .containsExactly(new VfioMigResetEvent("mlx5-vf0", VfioMigState.ERROR));
        // The fault was one-shot: the same walk now succeeds.
        d.setState(VfioMigState.STOP_COPY);
        assertThat(d.state()).isEqualTo(VfioMigState.STOP_COPY);
    }

    @Test
    void faultOnNextArcAndResetFromAnyState() {
        VfioMigrationDevice d = dev(VfioMigFlags.stopCopyOnly());
        d.setState(VfioMigState.STOP);
        d.injectFaultOnNextArc(Errno.EBUSY);
        assertThat(errnoOf(() -> d.setState(VfioMigState.RESUMING))).isEqualTo(Errno.EBUSY);
        assertThat(d.state()).isEqualTo(VfioMigState.ERROR);
        d.reset();
        d.setState(VfioMigState.RESUMING);
        d.reset();
        assertThat(d.state()).isEqualTo(VfioMigState.RUNNING);
    }

    @Test
    void precopyInfoOnlyInPreCopyStates() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(true, true));
        for (VfioMigState s : new VfioMigState[] {VfioMigState.RUNNING, VfioMigState.RUNNING_P2P, VfioMigState.STOP,
            VfioMigState.RESUMING}) {
            d.reset();
            d.setState(s);
            assertThat(errnoOf(d::precopyInfo)).as("in %s", s).isEqualTo(Errno.EINVAL);
        }
        d.reset();
        d.setState(VfioMigState.STOP);
        d.setState(VfioMigState.STOP_COPY);
        assertThat(errnoOf(d::precopyInfo)).isEqualTo(Errno.EINVAL);
        d.reset();
        d.setState(VfioMigState.PRE_COPY);
        assertThat(d.precopyInfo()).isEqualTo(new PrecopyInfo(1000, 0));
        d.setState(VfioMigState.PRE_COPY_P2P);
        assertThat(d.precopyInfo()).isEqualTo(new PrecopyInfo(1000, 0));
    }

    @Test
    void preCopyStreamDrainsInitialThenDirtyThenSaysEnomsg() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(false, true));
        d.advance(50 * MS); // RUNNING, no stream yet: not counted as stream dirt
        assertThat(d.totalDirtiedBytes()).isEqualTo(500);
        d.setState(VfioMigState.PRE_COPY);
        assertThat(d.precopyInfo()).isEqualTo(new PrecopyInfo(1000, 0));
        assertThat(d.read(600)).isEqualTo(600);
        d.advance(3 * MS);
        assertThat(d.precopyInfo()).isEqualTo(new PrecopyInfo(400, 30));
        assertThat(d.read(420)).isEqualTo(420);
        assertThat(d.precopyInfo()).isEqualTo(new PrecopyInfo(0, 10));
        assertThat(d.read(100)).isEqualTo(10);
        assertThatThrownBy(() -> d.read(100)).isInstanceOf(ErrnoException.class).hasMessageStartingWith("ENOMSG");
        d.advance(MS / 2); // 5 bytes
        assertThat(d.read(100)).isEqualTo(5);
        // Dirty bytes never exceed the state size.
        d.advance(10_000 * MS);
        assertThat(d.precopyInfo().dirtyBytes()).isEqualTo(1000);
    }

    @Test
    void stopCopyStreamsTheRestThenEof() {
        VfioMigrationDevice d = dev(VfioMigFlags.of(false, true));
        d.setState(VfioMigState.PRE_COPY);
        d.read(900);
        d.advance(2 * MS); // 20 dirty
        d.setState(VfioMigState.STOP_COPY); // PRE_COPY -> STOP_COPY directly without P2P
        assertThat(d.stopCopyRemaining()).isEqualTo(120);
        d.advance(100 * MS); // stopped: nothing accrues
        assertThat(d.read(100)).isEqualTo(100);
        assertThat(d.read(100)).isEqualTo(20);
        assertThat(d.read(100)).isZero();
        assertThat(d.read(100)).isZero();
        assertThat(errnoOf(d::precopyInfo)).isEqualTo(Errno.EINVAL);
    }

    @Test
    void stopCopyFromStopStreamsTheWholeState() {
        VfioMigrationDevice d = dev(VfioMigFlags.stopCopyOnly());
        d.advance(5 * MS);
        d.setState(VfioMigState.STOP_COPY);
        long total = 0;
        long n;
        while ((n = d.read(64)) > 0) {
            total += n;
        }
        assertThat(total).isEqualTo(1000);
        d.setState(VfioMigState.STOP);
        assertThat(errnoOf(() -> d.read(1))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void resumingAcceptsWritesOnly() {
        VfioMigrationDevice d = dev(VfioMigFlags.stopCopyOnly());
        assertThat(errnoOf(() -> d.write(10))).isEqualTo(Errno.EINVAL);
        d.setState(VfioMigState.RESUMING);
        assertThat(d.write(700)).isEqualTo(700);
        assertThat(d.write(300)).isEqualTo(300);
        assertThat(d.bytesWritten()).isEqualTo(1000);
        assertThat(errnoOf(() -> d.read(10))).isEqualTo(Errno.EINVAL);
        d.setState(VfioMigState.RUNNING);
        assertThat(errnoOf(() -> d.write(10))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void dirtyAccrualIsExactAcrossManySmallSteps() {
        VfioMigrationDevice d = new VfioMigrationDevice("d", VfioMigFlags.of(false, true), Long.MAX_VALUE / 4, 3, null);
        d.setState(VfioMigState.PRE_COPY);
        for (int i = 0; i < 1000; i++) {
            d.advance(1_000_000); // 1 ms at 3 B/s = 0.003 B
        }
        assertThat(d.precopyInfo().dirtyBytes()).isEqualTo(3);
        assertThat(VfioMigrationDevice.bytesFor(Long.MAX_VALUE / 2, 1_000_000_000L, 0)[0])
                .isEqualTo(Long.MAX_VALUE / 2);
    }
}

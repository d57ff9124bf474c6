package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The migration side of one VFIO device (protocol v2, {@code include/uapi/linux/vfio.h},
 * {@code drivers/vfio/vfio_main.c}; reference §5.1–5.2): its FSM state, the arcs it performs, and its own migration
 * data stream.
 *
 * <p><b>Arcs.</b> {@link #setState} walks {@link VfioMigrationFsm#nextStep} one arc at a time, as the variant drivers
 * do, emitting a {@link VfioMigArcEvent} per arc. An arc can be made to fail ({@link #injectArcFault}); the device then
 * lands in ERROR, after which every request fails with EINVAL until {@link #reset()} ({@code VFIO_DEVICE_RESET}, →
 * RUNNING).
 *
 * <p><b>Data.</b> The device's state is {@code initialBytes} large. Entering the saving group from a running state
 * (RUNNING→PRE_COPY, RUNNING_P2P→PRE_COPY_P2P) opens a stream whose initial part is {@code initialBytes}; while the
 * device keeps running, {@link #advance} accrues "dirty" bytes at {@code dirtyBytesPerSecond} (capped at the state
 * size). {@link #read} drains initial data first, then dirty data, and fails with ENOMSG when nothing is currently
 * available (a temporary end of stream). On entering STOP_COPY the rest is fixed: the unread initial plus dirty bytes
 * of an open pre-copy stream, or the whole state when stop-copy starts from STOP; reads return it and then 0 (EOF).
 * Leaving the saving group discards the stream. These sizes are a model choice, not a driver's behaviour: real drivers
 * (mlx5, hisi_acc, pds) size their images their own way.
 *
 * <p>Nothing here reads the wall clock: time passes only through {@link #advance}.
 */
public final class VfioMigrationDevice {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String id;
    private final VfioMigFlags flags;
    private final long initialBytes;
    private final long dirtyBytesPerSecond;
    private final EventSink sink;

    private VfioMigState state = VfioMigState.RUNNING;
    /** SET ioctls so far that walked at least one arc (each arc event names its call). */
    private int setCalls;

    // Open saving stream (PRE_COPY, PRE_COPY_P2P, STOP_COPY).
    private boolean streamOpen;
    private long initialRemaining;
    private long dirtyBytes;
    private long stopCopyRemaining;
    private long bytesRead;
    // Loading stream (RESUMING).
    private long bytesWritten;

    private long dirtyCarry; // byte·ns remainder below one byte
    private long totalDirtiedBytes;

    private VfioMigState faultFrom;
    private VfioMigState faultTo;
    private Errno faultErrno;
    private boolean faultAnyArc;

    /**
     * @param id the device's name in events
     * @param flags its migration capabilities
     * @param initialBytes size of its migratable state (initial pre-copy data, and the stop-copy size from STOP)
     * @param dirtyBytesPerSecond how fast its state changes while it runs
     * @param sink where arc events go
     */
    public VfioMigrationDevice(String id, VfioMigFlags flags, long initialBytes, long dirtyBytesPerSecond,
            EventSink sink) {
        this.id = Objects.requireNonNull(id, "id");
        this.flags = Objects.requireNonNull(flags, "flags");
        if (initialBytes < 0 || dirtyBytesPerSecond < 0) {
            throw new IllegalArgumentException("sizes and rates must not be negative");
        }
        this.initialBytes = initialBytes;
        this.dirtyBytesPerSecond = dirtyBytesPerSecond;
        this.sink = sink == null ? EventSink.NONE : sink;
    }

    /** A device in the same state of its migration state machine and streams, with its injected fault. */
    public VfioMigrationDevice copy(CopyContext ctx) {
        return ctx.copy(this, c -> {
            VfioMigrationDevice d = new VfioMigrationDevice(id, flags, initialBytes, dirtyBytesPerSecond,
                    c.sink(sink));
            d.state = state;
            d.setCalls = setCalls;
            d.streamOpen = streamOpen;
            d.initialRemaining = initialRemaining;
            d.dirtyBytes = dirtyBytes;
            d.stopCopyRemaining = stopCopyRemaining;
            d.bytesRead = bytesRead;
            d.bytesWritten = bytesWritten;
            d.dirtyCarry = dirtyCarry;
            d.totalDirtiedBytes = totalDirtiedBytes;
            d.faultFrom = faultFrom;
            d.faultTo = faultTo;
            d.faultErrno = faultErrno;
            d.faultAnyArc = faultAnyArc;
            return d;
        });
    }

    public String id() {
        return id;
    }

    public VfioMigFlags flags() {
        return flags;
    }

    /** The current state ({@code VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE} GET). */
    public VfioMigState state() {
        return state;
    }

    public long initialBytes() {
        return initialBytes;
    }

    public long dirtyBytesPerSecond() {
        return dirtyBytesPerSecond;
    }

    /**
     * Requests a new state ({@code VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE} SET) and performs the arcs toward it one by
     * one. Returns the states passed through, starting with the state before the call (a one-element list when
     * already there).
     *
     * @throws ErrnoException ENOTTY when the device has no migration ops; EINVAL when the FSM refuses (the device stays where it was); the injected errno when an
     *     arc fails (the device is then in ERROR)
     */
    public List<VfioMigState> setState(VfioMigState requested) {
        Objects.requireNonNull(requested, "requested");
        if (!flags.hasMigrationOps()) {
            // vfio_ioctl_device_feature_mig_device_state(): no device->mig_ops.
            throw new ErrnoException(Errno.ENOTTY, "device " + id + " has no migration ops (its migration-flags"
                    + " are empty): VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE is not supported");
        }
        if (state == requested) {
            // No arc; still refused for ERROR, as the kernel's checks would.
            VfioMigrationFsm.nextStep(state, requested, flags);
            return List.of(state);
        }
        List<VfioMigState> walked = new ArrayList<>();
        walked.add(state);
        setCalls++;
        while (state != requested) {
            VfioMigState next = VfioMigrationFsm.nextStep(state, requested, flags);
            performArc(state, next, requested);
            walked.add(next);
        }
        return List.copyOf(walked);
    }

    private void performArc(VfioMigState from, VfioMigState to, VfioMigState requested) {
        if (faultAnyArc || (from == faultFrom && to == faultTo)) {
            Errno e = faultErrno;
            faultAnyArc = false;
            faultFrom = null;
            faultTo = null;
            faultErrno = null;
            closeStreams();
            state = VfioMigState.ERROR;
            if (sink.enabled()) {
                sink.emit(new VfioMigArcFailedEvent(id, from, to, e));
            }
            throw new ErrnoException(e, "device " + id + ": arc " + from + " → " + to
                    + " failed (injected fault); device is now in ERROR");
        }
        // Stream bookkeeping for the arc.
        if (to.isSavingGroup() && !from.isSavingGroup()) {
            openSavingStream(to);
        }
        if (to == VfioMigState.STOP_COPY) {
            stopCopyRemaining = streamOpen && from != VfioMigState.STOP
                    ? initialRemaining + dirtyBytes
                    : initialBytes;
            initialRemaining = 0;
            dirtyBytes = 0;
        }
        if (from.isSavingGroup() && !to.isSavingGroup()) {
            closeStreams();
        }
        if (to == VfioMigState.RESUMING) {
            bytesWritten = 0;
        }
        state = to;
        // Always emitted: arcs are rare, and reports list every one even when nobody watches the hot paths.
        sink.emit(new VfioMigArcEvent(id, from, to, requested, setCalls));
    }

    private void openSavingStream(VfioMigState to) {
        streamOpen = true;
        bytesRead = 0;
        initialRemaining = to == VfioMigState.STOP_COPY ? 0 : initialBytes;
        dirtyBytes = 0;
        stopCopyRemaining = 0;
        dirtyCarry = 0;
    }

    private void closeStreams() {
        streamOpen = false;
        initialRemaining = 0;
        dirtyBytes = 0;
        stopCopyRemaining = 0;
    }

    /**
     * Makes the next arc from {@code from} to {@code to} fail with {@code errno} (one shot). A failed arc leaves the
     * device in ERROR. (The shared {@link Errno} has no EIO, the errno real drivers often return here; pick one.)
     */
    public void injectArcFault(VfioMigState from, VfioMigState to, Errno errno) {
        this.faultFrom = Objects.requireNonNull(from);
        this.faultTo = Objects.requireNonNull(to);
        this.faultErrno = Objects.requireNonNull(errno);
        this.faultAnyArc = false;
    }

    /** Makes the very next arc, whichever it is, fail with {@code errno} (one shot). */
    public void injectFaultOnNextArc(Errno errno) {
        this.faultErrno = Objects.requireNonNull(errno);
        this.faultAnyArc = true;
        this.faultFrom = null;
        this.faultTo = null;
    }

    /** {@code VFIO_DEVICE_RESET}: from any state (ERROR included) back to RUNNING; open streams are dropped. */
    public void reset() {
        VfioMigState from = state;
        closeStreams();
        bytesWritten = 0;
        faultAnyArc = false;
        faultFrom = null;
        faultTo = null;
        faultErrno = null;
        state = VfioMigState.RUNNING;
        if (sink.enabled()) {
            sink.emit(new VfioMigResetEvent(id, from));
        }
    }

    /**
     * Lets {@code nanos} of simulated time pass. While the device runs (RUNNING, RUNNING_P2P, PRE_COPY,
     * PRE_COPY_P2P) its state changes at {@code dirtyBytesPerSecond}; with a pre-copy stream open that change becomes
     * dirty bytes to send, capped at the state size.
     */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time runs forward only: " + nanos);
        }
        if (!state.isDeviceRunning() || dirtyBytesPerSecond == 0 || nanos == 0) {
            return;
        }
        long[] r = bytesFor(nanos, dirtyBytesPerSecond, dirtyCarry);
        dirtyCarry = r[1];
        long grown = r[0];
        totalDirtiedBytes = saturatedAdd(totalDirtiedBytes, grown);
        if (streamOpen && state.isSavingGroup()) {
            dirtyBytes = Math.min(initialBytes, saturatedAdd(dirtyBytes, grown));
        }
    }

    /**
     * {@code VFIO_MIG_GET_PRECOPY_INFO} on the saving data_fd.
     *
     * @throws ErrnoException EINVAL outside PRE_COPY / PRE_COPY_P2P
     */
    public PrecopyInfo precopyInfo() {
        if (state != VfioMigState.PRE_COPY && state != VfioMigState.PRE_COPY_P2P) {
            throw new ErrnoException(Errno.EINVAL,
                    "VFIO_MIG_GET_PRECOPY_INFO is only valid in PRE_COPY or PRE_COPY_P2P; device " + id + " is in "
                            + state);
        }
        return new PrecopyInfo(initialRemaining, dirtyBytes);
    }

    /**
     * {@code read()} on the saving data_fd: returns how many bytes were read (at most {@code maxBytes}).
     * In PRE_COPY(_P2P) initial data comes first, then dirty data; with nothing available it fails with ENOMSG.
     * In STOP_COPY it returns the rest, then 0 = end of stream.
     *
     * @throws ErrnoException ENOMSG at a temporary end of the pre-copy stream; EINVAL outside the saving group (this
     *     model's choice: a real data_fd from an earlier saving session fails reads too, errno unverified) or for a
     *     negative size
     */
    public long read(long maxBytes) {
        if (maxBytes < 0) {
            throw new ErrnoException(Errno.EINVAL, "negative read size " + maxBytes);
        }
        if (!state.isSavingGroup() || !streamOpen) {
            throw new ErrnoException(Errno.EINVAL,
                    "device " + id + " has no saving data_fd in state " + state
                            + " (only PRE_COPY, PRE_COPY_P2P and STOP_COPY stream data)");
        }
        if (state == VfioMigState.STOP_COPY) {
            long n = Math.min(maxBytes, stopCopyRemaining);
            stopCopyRemaining -= n;
            bytesRead += n;
            return n;
        }
        if (maxBytes == 0) {
            return 0;
        }
        if (initialRemaining == 0 && dirtyBytes == 0) {
            throw new ErrnoException(Errno.ENOMSG, "no pre-copy data available right now on device " + id
                    + " (temporary end of stream; more may come while the device runs)");
        }
        long fromInitial = Math.min(maxBytes, initialRemaining);
        initialRemaining -= fromInitial;
        long fromDirty = Math.min(maxBytes - fromInitial, dirtyBytes);
        dirtyBytes -= fromDirty;
        bytesRead += fromInitial + fromDirty;
        return fromInitial + fromDirty;
    }

    /** Bytes the stop-copy stream still has before EOF (0 outside STOP_COPY). */
    public long stopCopyRemaining() {
        return state == VfioMigState.STOP_COPY ? stopCopyRemaining : 0;
    }

    /** Bytes read from the current (or last) saving stream. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * {@code write()} on the resuming data_fd: accepts {@code bytes} of migration stream.
     *
     * @throws ErrnoException EINVAL outside RESUMING or for a negative size
     */
    public long write(long bytes) {
        if (bytes < 0) {
            throw new ErrnoException(Errno.EINVAL, "negative write size " + bytes);
        }
        if (state != VfioMigState.RESUMING) {
            throw new ErrnoException(Errno.EINVAL,
                    "device " + id + " accepts migration data only in RESUMING; it is in " + state);
        }
        bytesWritten = saturatedAdd(bytesWritten, bytes);
        return bytes;
    }

    /** Bytes written in the current (or last) RESUMING session. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Everything the running device ever changed, for statistics. */
    public long totalDirtiedBytes() {
        return totalDirtiedBytes;
    }

    /** {bytes, newCarry} for {@code nanos} at {@code rate} bytes/s plus a sub-byte carry (in byte·ns). */
    static long[] bytesFor(long nanos, long rate, long carry) {
        long hi = Math.multiplyHigh(nanos, rate);
        long lo = nanos * rate;
        // Mutating this fast-path test only moves work to the exact BigInteger path: same answer (issue 16).
        if (hi == 0 && lo >= 0 && lo <= Long.MAX_VALUE - carry) {
            long total = lo + carry;
            return new long[] {total / NANOS_PER_SECOND, total % NANOS_PER_SECOND};
        }
        BigInteger total = BigInteger.valueOf(nanos).multiply(BigInteger.valueOf(rate)).add(BigInteger.valueOf(carry));
        BigInteger[] qr = total.divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
        long q = qr[0].bitLength() <= 63 ? qr[0].longValue() : Long.MAX_VALUE; // 63 bits still fit a long
        return new long[] {q, qr[1].longValue()};
    }

    /** For the non-negative operands every caller passes, "|" for "&" below is an equivalent mutant (issue 16). */
    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "VfioMigrationDevice[" + id + ", " + state + ", flags=" + flags + "]";
    }
}

package io.ioptexplorer.hardware.vfio.migration;

import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.ERROR;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.PRE_COPY;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.PRE_COPY_P2P;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RESUMING;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RUNNING;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RUNNING_P2P;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.STOP;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.STOP_COPY;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The VFIO migration v2 transition function, a pure model of {@code vfio_mig_get_next_state()} in
 * {@code drivers/vfio/vfio_main.c} (reference: dirty-tracking.md §5.2).
 *
 * <p>A driver asked to go from {@code cur} to {@code requested} performs one single arc at a time; this class says
 * which arc comes next ({@link #nextStep}) and, by repeating it, the whole walk ({@link #path}). Arcs that touch a
 * state the device lacks (no P2P / no PRE_COPY) are skipped over by re-looking the table up from the skipped state.
 * The header's rule behind the table: shortest path, and the saving-group states (PRE_COPY, PRE_COPY_P2P, STOP_COPY)
 * are never interior states of a walk.
 */
public final class VfioMigrationFsm {

    /**
     * The next-step table, row = current, column = requested, indexed by uAPI number (ERROR=0 … PRE_COPY_P2P=7).
     * Transcribed from the reference's §5.2 table; diagonal cells hold the state itself, the ERROR column and the ERROR
     * row are ERROR (the kernel's table does the same; requests for ERROR are rejected before the lookup anyway).
     */
    private static final VfioMigState[][] TABLE = new VfioMigState[8][8];

    static {
        // columns:           ERROR, STOP,        RUNNING,     STOP_COPY,    RESUMING,    RUNNING_P2P, PRE_COPY,     PRE_COPY_P2P
        row(ERROR,            ERROR, ERROR,       ERROR,       ERROR,        ERROR,       ERROR,       ERROR,        ERROR);
        row(STOP,             ERROR, STOP,        RUNNING_P2P, STOP_COPY,    RESUMING,    RUNNING_P2P, RUNNING_P2P,  RUNNING_P2P);
        row(RUNNING,          ERROR, RUNNING_P2P, RUNNING,     RUNNING_P2P,  RUNNING_P2P, RUNNING_P2P, PRE_COPY,     RUNNING_P2P);
        row(STOP_COPY,        ERROR, STOP,        STOP,        STOP_COPY,    STOP,        STOP,        ERROR,        ERROR);
        row(RESUMING,         ERROR, STOP,        STOP,        STOP,         RESUMING,    STOP,        STOP,         STOP);
        row(RUNNING_P2P,      ERROR, STOP,        RUNNING,     STOP,         STOP,        RUNNING_P2P, RUNNING,      PRE_COPY_P2P);
        row(PRE_COPY,         ERROR, RUNNING,     RUNNING,     PRE_COPY_P2P, RUNNING,     RUNNING,     PRE_COPY,     PRE_COPY_P2P);
        row(PRE_COPY_P2P,     ERROR, RUNNING_P2P, RUNNING_P2P, STOP_COPY,    RUNNING_P2P, RUNNING_P2P, PRE_COPY,     PRE_COPY_P2P);
    }

    private static void row(VfioMigState cur, VfioMigState... nextByRequested) {
        TABLE[cur.uapiValue()] = nextByRequested.clone();
    }

    private VfioMigrationFsm() {
    }

    /** The raw table cell, before any skipping over unsupported states. */
    public static VfioMigState tableNext(VfioMigState cur, VfioMigState requested) {
        return TABLE[cur.uapiValue()][requested.uapiValue()];
    }

    /**
     * The next single arc from {@code cur} toward {@code requested} on a device with {@code flags}. Returns
     * {@code cur} itself when {@code cur == requested} (no arc needed).
     *
     * @throws ErrnoException EINVAL when cur is ERROR, when ERROR is requested, when cur or requested needs a flag
     *     the device lacks, or when no legal walk exists (STOP_COPY → PRE_COPY/PRE_COPY_P2P)
     */
    public static VfioMigState nextStep(VfioMigState cur, VfioMigState requested, VfioMigFlags flags) {
        if (cur == ERROR) {
            throw new ErrnoException(Errno.EINVAL,
                    "device is in ERROR; every state request fails until VFIO_DEVICE_RESET (which returns it to RUNNING)");
        }
        if (requested == ERROR) {
            throw new ErrnoException(Errno.EINVAL,
                    "ERROR can never be requested; a device only lands there when an arc fails");
        }
        checkSupported("current", cur, flags);
        checkSupported("requested", requested, flags);
        if (cur == requested) {
            return cur;
        }
        VfioMigState next = tableNext(cur, requested);
        while (next != ERROR && !flags.supports(next)) {
            next = tableNext(next, requested);
        }
        if (next == ERROR) {
            throw new ErrnoException(Errno.EINVAL, "no arc leads from " + cur + " to " + requested
                    + ": " + impossibleWhy(cur, requested));
        }
        return next;
    }

    /**
     * Every state the device passes through, in order, starting with {@code cur} and ending with {@code requested}
     * (a one-element list when they are equal). E.g. RUNNING→STOP_COPY is [RUNNING, STOP, STOP_COPY] without P2P and
     * [RUNNING, RUNNING_P2P, STOP, STOP_COPY] with it.
     *
     * @throws ErrnoException EINVAL as {@link #nextStep}
     */
    public static List<VfioMigState> path(VfioMigState cur, VfioMigState requested, VfioMigFlags flags) {
        if (cur == requested) {
            nextStep(cur, requested, flags); // still refuses ERROR and states the device lacks
            return List.of(cur);
        }
        List<VfioMigState> out = new ArrayList<>();
        out.add(cur);
        VfioMigState at = cur;
        while (at != requested) {
            at = nextStep(at, requested, flags);
            out.add(at);
            if (out.size() > VfioMigState.values().length + 1) {
                throw new IllegalStateException("FSM walk does not terminate: " + out);
            }
        }
        return List.copyOf(out);
    }

    /** The number of arcs of {@link #path}. */
    public static int arcCount(VfioMigState cur, VfioMigState requested, VfioMigFlags flags) {
        return path(cur, requested, flags).size() - 1;
    }

    private static void checkSupported(String role, VfioMigState s, VfioMigFlags flags) {
        int missing = flags.missingFor(s);
        if (missing != 0) {
            throw new ErrnoException(Errno.EINVAL, "the " + role + " state " + s + " needs migration flag "
                    + VfioMigFlags.names(missing) + ", which the device lacks (device flags: " + flags + ")");
        }
    }

    private static String impossibleWhy(VfioMigState cur, VfioMigState requested) {
        if (cur == STOP_COPY && (requested == PRE_COPY || requested == PRE_COPY_P2P)) {
            return "STOP_COPY → PRE_COPY(_P2P) is forbidden: once stop-copy has begun the device cannot go back to"
                    + " pre-copy (include/uapi/linux/vfio.h)";
        }
        return "the next-step table of drivers/vfio/vfio_main.c has no route";
    }
}

package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The VFIO migration protocol v1 {@code device_state} bit word ({@code struct vfio_device_migration_info} in the
 * migration region, {@code include/uapi/linux/vfio.h} of Linux 5.8–5.17, removed when protocol v2 replaced it), the
 * bits proposed for it on the mailing lists, and how each combination corresponds to a v2 state.
 *
 * <p>Sources and confidence:
 * <ul>
 *   <li>{@link #RUNNING}, {@link #SAVING}, {@link #RESUMING}: merged v1 uAPI. Their values, the validity rule
 *   ({@code VFIO_DEVICE_STATE_VALID}: RESUMING only alone) and the error encoding ({@code VFIO_DEVICE_STATE_IS_ERROR}:
 *   SAVING|RESUMING) were checked against stored copies of the v1 header; the per-combination meanings ("stop",
 *   "running", "stop-and-copy", "pre-copy", "resuming", "error") follow the v1 header's table as remembered,
 *   <b>unverified</b> line by line.</li>
 *   <li>{@link #NDMA}: <b>proposed, never merged</b>. Discussed in the background threads (Nov 2021 – Feb 2022,
 *   e.g. Jason Gunthorpe's "SAVING | NDMA | RUNNING" progression); the value {@code 1 << 3} comes from Jason
 *   Gunthorpe's vfio.rst draft ("#define VFIO_DEVICE_STATE_NDMA (1 << 3)") and a follow-up uAPI patch on the list,
 *   not from the threads. Protocol v2 replaced it with RUNNING_P2P ("vfio: Extend the
 *   device migration protocol with RUNNING_P2P").</li>
 *   <li>{@link #DIRTY_TRACK}: <b>proposed, never merged</b>: the threads only float "a DIRTY_TRACK migration state bit
 *   to start/stop" device dirty tracking, with no value; {@code 1 << 4} is this simulator's own choice, for display.
 *   v2 keeps dirty tracking out of the device state ({@code VFIO_DEVICE_FEATURE_DMA_LOGGING_START/STOP}, reference
 *   §5.3).</li>
 * </ul>
 * Every v2 correspondence that involves NDMA or DIRTY_TRACK is this simulator's inference.
 */
public final class VfioV1State {
    /** v1: the device runs. */
    public static final int RUNNING = 1 << 0;
    /** v1: the device saves its state into the migration region. */
    public static final int SAVING = 1 << 1;
    /** v1: the device loads state from the migration region. */
    public static final int RESUMING = 1 << 2;
    /** Proposed, never merged: "no DMA" (no new DMA issued, so P2P quiesces). Value from the draft, not the threads. */
    public static final int NDMA = 1 << 3;
    /** Proposed, never merged: start/stop device dirty tracking. Value invented here (the threads give none). */
    public static final int DIRTY_TRACK = 1 << 4;

    /** The three bits of the merged v1 uAPI ({@code VFIO_DEVICE_STATE_MASK}). */
    public static final int V1_MASK = RUNNING | SAVING | RESUMING;
    /** Every bit this class knows. */
    public static final int ALL_BITS = V1_MASK | NDMA | DIRTY_TRACK;

    /** Whether a combination is a state, the v1 error indication, or meaningless. */
    public enum Validity { VALID, ERROR, INVALID }

    /** Where a mapping's knowledge comes from. */
    public enum Provenance {
        /** Only merged v1 bits; meaning from the v1 header. */
        V1_UAPI,
        /** Uses a bit that was proposed and never merged; the v2 correspondence is inferred. */
        PROPOSED_NEVER_MERGED
    }

    /**
     * One v1 combination and its v2 counterpart.
     *
     * @param bits the device_state word
     * @param validity whether it is a state
     * @param v2 the corresponding v2 state, or null when there is none (invalid combinations)
     * @param explanation one line for display
     * @param provenance how sure this is
     */
    public record Mapping(int bits, Validity validity, VfioMigState v2, String explanation, Provenance provenance) {
        /** "RUNNING|SAVING" style name of the bits. */
        public String name() {
            return names(bits);
        }
    }

    private VfioV1State() {
    }

    /**
     * The v2 correspondence of a device_state word.
     *
     * @throws ErrnoException EINVAL for bits outside {@link #ALL_BITS}
     */
    public static Mapping toV2(int bits) {
        if ((bits & ~ALL_BITS) != 0) {
            throw new ErrnoException(Errno.EINVAL, "unknown device_state bits 0x" + Integer.toHexString(bits & ~ALL_BITS));
        }
        boolean dt = (bits & DIRTY_TRACK) != 0;
        boolean ndma = (bits & NDMA) != 0;
        int v1 = bits & V1_MASK;
        Mapping base = ndma ? ndmaMapping(bits & ~DIRTY_TRACK, v1) : v1Mapping(v1);
        if (!dt) {
            return base;
        }
        return new Mapping(bits, base.validity(), base.v2(), base.explanation()
                + "; DIRTY_TRACK (proposed, never merged) has no v2 state: v2 starts device dirty tracking with"
                + " DMA_LOGGING_START instead", Provenance.PROPOSED_NEVER_MERGED);
    }

    private static Mapping v1Mapping(int v1) {
        switch (v1) {
            case 0:
                return m(v1, Validity.VALID, VfioMigState.STOP, "stopped: not running, not saving, not resuming");
            case RUNNING:
                return m(v1, Validity.VALID, VfioMigState.RUNNING, "running normally (the v1 default state)");
            case SAVING:
                return m(v1, Validity.VALID, VfioMigState.STOP_COPY, "stop-and-copy: stopped, saving the rest");
            case RUNNING | SAVING:
                return m(v1, Validity.VALID, VfioMigState.PRE_COPY,
                        "pre-copy: running while saving (v2 PRE_COPY is optional; a device without it has none)");
            case RESUMING:
                return m(v1, Validity.VALID, VfioMigState.RESUMING, "resuming: loading state, not running");
            case SAVING | RESUMING:
                return m(v1, Validity.ERROR, VfioMigState.ERROR,
                        "v1's error indication (VFIO_DEVICE_STATE_IS_ERROR), not a requestable state; v2 ERROR");
            case RUNNING | RESUMING:
                return m(v1, Validity.INVALID, null, "invalid: RESUMING must be set alone (VFIO_DEVICE_STATE_VALID)");
            default: // RUNNING | SAVING | RESUMING
                return m(v1, Validity.INVALID, null,
                        "invalid: RESUMING must be set alone (VFIO_DEVICE_STATE_VALID)");
        }
    }

    private static Mapping ndmaMapping(int bits, int v1) {
        switch (v1) {
            case RUNNING:
                return p(bits, Validity.VALID, VfioMigState.RUNNING_P2P,
                        "running without starting new (P2P) DMA: the NDMA idea v2 turned into RUNNING_P2P");
            case RUNNING | SAVING:
                return p(bits, Validity.VALID, VfioMigState.PRE_COPY_P2P,
                        "pre-copy with DMA quiesced, the threads' \"P2P grace state\"; inferred v2 PRE_COPY_P2P");
            case 0:
                return p(bits, Validity.VALID, VfioMigState.STOP,
                        "stopped: a stopped device issues no DMA anyway, NDMA adds nothing (inferred)");
            case SAVING:
                return p(bits, Validity.VALID, VfioMigState.STOP_COPY,
                        "stop-and-copy: stopped, so NDMA adds nothing (inferred)");
            case RESUMING:
                return p(bits, Validity.VALID, VfioMigState.RESUMING,
                        "resuming: not running, NDMA adds nothing (inferred; the RFC's validity rule allowed it)");
            default:
                return p(bits, Validity.INVALID, null,
                        "invalid: RESUMING cannot be combined with RUNNING or SAVING, NDMA or not");
        }
    }

    private static Mapping m(int bits, Validity v, VfioMigState s, String why) {
        return new Mapping(bits, v, s, why, Provenance.V1_UAPI);
    }

    private static Mapping p(int bits, Validity v, VfioMigState s, String why) {
        return new Mapping(bits, v, s, why, Provenance.PROPOSED_NEVER_MERGED);
    }

    /**
     * The v1 word standing for a v2 state: the merged bits where v1 had the state, NDMA (proposed, never merged)
     * for the P2P states, SAVING|RESUMING for ERROR.
     */
    public static int fromV2(VfioMigState state) {
        switch (state) {
            case STOP:
                return 0;
            case RUNNING:
                return RUNNING;
            case STOP_COPY:
                return SAVING;
            case RESUMING:
                return RESUMING;
            case RUNNING_P2P:
                return RUNNING | NDMA;
            case PRE_COPY:
                return RUNNING | SAVING;
            case PRE_COPY_P2P:
                return RUNNING | SAVING | NDMA;
            case ERROR:
            default:
                return SAVING | RESUMING;
        }
    }

    /** {@code VFIO_DEVICE_STATE_VALID} of the merged v1 uAPI: RESUMING only alone (other bits ignored). */
    public static boolean isValidV1(int bits) {
        return (bits & RESUMING) == 0 || (bits & V1_MASK) == RESUMING;
    }

    /** Every combination of the known bits (32 of them), in numeric order. */
    public static List<Mapping> allMappings() {
        List<Mapping> out = new ArrayList<>();
        for (int b = 0; b <= ALL_BITS; b++) {
            out.add(toV2(b));
        }
        return List.copyOf(out);
    }

    /** "RUNNING|SAVING" style name; "STOP(0)" for 0. */
    public static String names(int bits) {
        if (bits == 0) {
            return "STOP(0)";
        }
        StringBuilder sb = new StringBuilder();
        String[] n = {"RUNNING", "SAVING", "RESUMING", "NDMA", "DIRTY_TRACK"};
        for (int i = 0; i < n.length; i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.length() > 0 ? "|" : "").append(n[i]);
            }
        }
        int unknown = bits & ~ALL_BITS;
        if (unknown != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(unknown));
        }
        return sb.toString();
    }
}

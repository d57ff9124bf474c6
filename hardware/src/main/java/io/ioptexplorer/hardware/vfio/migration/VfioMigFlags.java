package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration capability flags a device reports through {@code VFIO_DEVICE_FEATURE_MIGRATION}
 * ({@code struct vfio_device_feature_migration.flags}, {@code include/uapi/linux/vfio.h}; reference §5.1):
 * {@code VFIO_MIGRATION_STOP_COPY} (mandatory), {@code VFIO_MIGRATION_P2P} and {@code VFIO_MIGRATION_PRE_COPY}.
 *
 * @param bits the flag word: contains {@link #STOP_COPY}, or is 0 for a device without migration ops
 */
public record VfioMigFlags(int bits) {
    public static final int STOP_COPY = 1 << 0;
    public static final int P2P = 1 << 1;
    public static final int PRE_COPY = 1 << 2;
    public static final int ALL = STOP_COPY | P2P | PRE_COPY;

    /** A device without migration ops: VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE answers ENOTTY. */
    public static final VfioMigFlags NO_MIGRATION_OPS = new VfioMigFlags(0);

    /**
     * Validates: unknown bits fail with EINVAL; so do migration ops without STOP_COPY, which
     * vfio_pci_core_register_device() refuses. 0 is a device with no migration ops at all.
     */
    public VfioMigFlags {
        if ((bits & ~ALL) != 0) {
            throw new ErrnoException(Errno.EINVAL,
                    "unknown migration flag bits 0x" + Integer.toHexString(bits & ~ALL));
        }
        if (bits != 0 && (bits & STOP_COPY) == 0) {
            throw new ErrnoException(Errno.EINVAL,
                    "VFIO_MIGRATION_STOP_COPY is mandatory for a migratable device");
        }
    }

    /** Whether the device has migration ops at all (the driver set {@code migration_flags}). */
    public boolean hasMigrationOps() {
        return bits != 0;
    }

    /** STOP_COPY plus the optional P2P and PRE_COPY as asked. */
    public static VfioMigFlags of(boolean p2p, boolean preCopy) {
        return new VfioMigFlags(STOP_COPY | (p2p ? P2P : 0) | (preCopy ? PRE_COPY : 0));
    }

    /** The minimal device: STOP_COPY only. */
    public static VfioMigFlags stopCopyOnly() {
        return of(false, false);
    }

    /** The four legal combinations, in order STOP_COPY, +P2P, +PRE_COPY, +P2P+PRE_COPY. */
    public static List<VfioMigFlags> allCombinations() {
        List<VfioMigFlags> out = new ArrayList<>(4);
        out.add(of(false, false));
        out.add(of(true, false));
        out.add(of(false, true));
        out.add(of(true, true));
        return List.copyOf(out);
    }

    public boolean p2p() {
        return (bits & P2P) != 0;
    }

    public boolean preCopy() {
        return (bits & PRE_COPY) != 0;
    }

    /** Whether this device has the state ({@link VfioMigState#ERROR} is never a supported target). */
    public boolean supports(VfioMigState state) {
        if (state == VfioMigState.ERROR) {
            return false;
        }
        int need = state.requiredFlags();
        return (bits & need) == need;
    }

    /** The flags {@code state} needs that this device lacks (0 when supported). */
    public int missingFor(VfioMigState state) {
        return state.requiredFlags() & ~bits;
    }

    /** "STOP_COPY|P2P" style rendering of any flag word. */
    public static String names(int bits) {
        StringBuilder sb = new StringBuilder();
        if ((bits & STOP_COPY) != 0) {
            sb.append("STOP_COPY");
        }
        if ((bits & P2P) != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("P2P");
        }
        if ((bits & PRE_COPY) != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("PRE_COPY");
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }

    @Override
    public String toString() {
        return names(bits);
    }
}

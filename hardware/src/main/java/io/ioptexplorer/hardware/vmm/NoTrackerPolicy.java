package io.ioptexplorer.hardware.vmm;

/**
 * What to do with a device left without any dirty tracker.
 * <ul>
 * <li>{@link #ALL_DIRTY}: every mapped page of its IOAS counts dirty at each sync (QEMU with
 * {@code enable-migration=on}, reference §6: "each sync marks the whole section dirty").</li>
 * <li>{@link #SUSPEND_EARLY}: stop the device before pre-copy starts and keep tracking the others (the policy Jason
 * Gunthorpe asks for in background/004: "run one device with dirty track and simply suspend the other").</li>
 * <li>{@link #BLOCK}: refuse to migrate (QEMU {@code vfio_migration_realize} with {@code enable-migration=auto}).</li>
 * </ul>
 */
public enum NoTrackerPolicy {
    ALL_DIRTY, SUSPEND_EARLY, BLOCK
}

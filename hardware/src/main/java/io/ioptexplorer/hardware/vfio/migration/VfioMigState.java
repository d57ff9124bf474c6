package io.ioptexplorer.hardware.vfio.migration;

/**
 * The VFIO migration protocol v2 device states, with their uAPI numbers from {@code enum vfio_device_mig_state} in
 * {@code include/uapi/linux/vfio.h} (reference: dirty-tracking.md §5.1).
 *
 * <p>{@link #PRE_COPY}, {@link #PRE_COPY_P2P} and {@link #STOP_COPY} form the "saving group": they share one data_fd
 * and are never interior states of a multi-arc transition. {@link #ERROR} can never be requested; only
 * {@code VFIO_DEVICE_RESET} leaves it (to {@link #RUNNING}).
 */
public enum VfioMigState {
    ERROR(0, "device failed an arc; only VFIO_DEVICE_RESET recovers"),
    STOP(1, "device does not run and does no DMA; its state is stable"),
    RUNNING(2, "device runs normally (the default state)"),
    STOP_COPY(3, "device stopped; the data_fd streams the rest of its state until EOF"),
    RESUMING(4, "device stopped; a new data_fd accepts the migration stream to load"),
    RUNNING_P2P(5, "device runs but starts no new peer-to-peer DMA"),
    PRE_COPY(6, "device runs; the data_fd streams state ahead of stop-copy"),
    PRE_COPY_P2P(7, "device runs without new P2P DMA; the data_fd keeps streaming");

    private final int uapi;
    private final String description;

    VfioMigState(int uapi, String description) {
        this.uapi = uapi;
        this.description = description;
    }

    /** The number of the state in {@code enum vfio_device_mig_state}. */
    public int uapiValue() {
        return uapi;
    }

    /** One sentence for display. */
    public String description() {
        return description;
    }

    /** True for PRE_COPY, PRE_COPY_P2P and STOP_COPY, the states sharing the saving data_fd. */
    public boolean isSavingGroup() {
        return this == PRE_COPY || this == PRE_COPY_P2P || this == STOP_COPY;
    }

    /** True for the states in which the device still executes (its internal state keeps changing). */
    public boolean isDeviceRunning() {
        return this == RUNNING || this == RUNNING_P2P || this == PRE_COPY || this == PRE_COPY_P2P;
    }

    /**
     * The migration flags a device must advertise for this state to exist on it ({@code state_flags_table} in
     * {@code drivers/vfio/vfio_main.c}). Not meaningful for {@link #ERROR}, which is never requestable.
     */
    public int requiredFlags() {
        switch (this) {
            case RUNNING_P2P:
                return VfioMigFlags.STOP_COPY | VfioMigFlags.P2P;
            case PRE_COPY:
                return VfioMigFlags.STOP_COPY | VfioMigFlags.PRE_COPY;
            case PRE_COPY_P2P:
                return VfioMigFlags.STOP_COPY | VfioMigFlags.P2P | VfioMigFlags.PRE_COPY;
            default:
                return VfioMigFlags.STOP_COPY;
        }
    }

    /** The state with that uAPI number; throws {@link IllegalArgumentException} for any other number. */
    public static VfioMigState fromUapi(int value) {
        for (VfioMigState s : values()) {
            if (s.uapi == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("no vfio_device_mig_state numbered " + value);
    }
}

package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.events.SimEvent;

/** {@code VFIO_DEVICE_RESET} moved the device from {@code from} back to RUNNING. */
public record VfioMigResetEvent(String deviceId, VfioMigState from) implements SimEvent {
}

package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.SimEvent;

/** An arc failed (fault-injected); the device is now in {@link VfioMigState#ERROR}. */
public record VfioMigArcFailedEvent(String deviceId, VfioMigState from, VfioMigState attempted, Errno errno)
        implements SimEvent {
}

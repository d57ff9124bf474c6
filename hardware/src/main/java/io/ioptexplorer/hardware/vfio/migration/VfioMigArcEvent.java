package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * A migration device completed one single FSM arc. The kernel walks several arcs per
 * VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE SET (vfio_mig_get_next_state() in drivers/vfio/vfio_main.c, called in a loop
 * by the driver until the requested state is reached), so each arc names the call it belongs to.
 *
 * @param requested the state the SET ioctl asked for
 * @param call      the device's SET ioctl this arc belongs to: its ordinal among that device's SET calls (from 1)
 */
public record VfioMigArcEvent(String deviceId, VfioMigState from, VfioMigState to, VfioMigState requested, int call)
        implements SimEvent {
}

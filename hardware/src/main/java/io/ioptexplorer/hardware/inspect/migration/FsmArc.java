package io.ioptexplorer.hardware.inspect.migration;

import io.ioptexplorer.hardware.vfio.migration.VfioMigState;

/**
 * One VFIO migration state-machine arc a device took, in the order of the run.
 *
 * @param seq       position among the run's arcs (0-based)
 * @param device    the device id ({@code nic0@destination} for the destination's twin)
 * @param requested the state the SET ioctl that walked this arc asked for
 * @param call      that ioctl: its ordinal among the device's SET calls (arcs of one call share it)
 * @param migration the migration under way (its ordinal), or -1 outside one
 */
public record FsmArc(int seq, String device, VfioMigState from, VfioMigState to, VfioMigState requested, int call,
                     int migration) {
}

package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.inspect.migration.FsmArc;
import io.ioptexplorer.hardware.inspect.migration.MigrationRecord;
import io.ioptexplorer.hardware.inspect.topology.TopologyView;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.List;

/**
 * Everything the tracking and migration views draw, as it stood at one moment: immutable, so the JavaFX thread may
 * read it while the simulation runs on.
 *
 * @param guestPages 4 KiB pages of guest memory (the lanes' GPA axis)
 * @param lanes      every migration's lanes, sync by sync
 * @param migrations every migration's rounds, decision, stop-and-copy and verification (same order as lanes)
 * @param arcs       every VFIO FSM arc of the run so far
 * @param devices    each passthrough device's migration flags and current state
 * @param topology   the machine as the topology diagram draws it
 */
public record TrackingSnapshot(long guestPages, List<MigrationLanes> lanes, List<MigrationRecord> migrations,
                               List<FsmArc> arcs, List<DeviceState> devices, TopologyView topology) {
    public static final TrackingSnapshot EMPTY = new TrackingSnapshot(0, List.of(), List.of(), List.of(), List.of(),
            TopologyView.EMPTY);

    public TrackingSnapshot {
        lanes = List.copyOf(lanes);
        migrations = List.copyOf(migrations);
        arcs = List.copyOf(arcs);
        devices = List.copyOf(devices);
    }

    /** A device's VFIO migration flags and the state it is in. */
    public record DeviceState(String id, VfioMigFlags flags, VfioMigState state) {
    }
}

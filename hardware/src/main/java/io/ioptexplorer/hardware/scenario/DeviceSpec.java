package io.ioptexplorer.hardware.scenario;

import java.util.Optional;
import java.util.Set;

/**
 * A passed-through (or emulated) device.
 *
 * @param id             unique id
 * @param kind           what it is
 * @param iommu          the IOMMU it sits behind; empty only for {@code emulated} devices
 * @param migrationFlags the VFIO migration flags it reports; empty if it cannot migrate
 * @param tracker        its own dirty tracker, or {@link TrackerSpec.Kind#NONE}
 * @param workload       the DMA it does while the guest runs, if any
 * @param dirtyTracking  per-device override of {@code migration.dirty-tracking}
 */
public record DeviceSpec(String id, Kind kind, Optional<String> iommu, Set<MigrationFlag> migrationFlags,
        TrackerSpec tracker, Optional<WorkloadSpec> workload, Optional<MigrationSpec.DirtyTracking> dirtyTracking,
        boolean hotplug, SourceLocation location) {

    public DeviceSpec {
        migrationFlags = Set.copyOf(migrationFlags);
    }

    /** {@code emulated} is an emulated device with pinned pages (the legacy type1 story). */
    public enum Kind implements YamlName { NIC, STORAGE, GPU, GENERIC, EMULATED }

    /** VFIO_MIGRATION_STOP_COPY, VFIO_MIGRATION_P2P, VFIO_MIGRATION_PRE_COPY. */
    public enum MigrationFlag implements YamlName { STOP_COPY, P2P, PRE_COPY }
}

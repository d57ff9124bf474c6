package io.ioptexplorer.hardware.scenario;

/**
 * How the VMM migrates.
 *
 * @param bandwidth             bytes per second of the migration link (default 10 Gbit/s)
 * @param downtimeLimit         nanoseconds the guest may be stopped (default 300 ms)
 * @param maxRounds             pre-copy rounds before giving up converging (default 30)
 * @param dirtyTracking         which tracker to use (default {@code auto})
 * @param split                 what to do with huge IOMMU leaves while tracking (default {@code none})
 * @param precopyDirtyTracking  whether dirty tracking runs during pre-copy (default true)
 * @param noTrackerPolicy       what to do with a device that has no tracker (default {@code all-dirty})
 * @param hotplugFallback       what to do when a device is hot-plugged during tracking (default {@code second-hwpt})
 */
public record MigrationSpec(long bandwidth, long downtimeLimit, int maxRounds, DirtyTracking dirtyTracking,
        Split split, boolean precopyDirtyTracking, NoTrackerPolicy noTrackerPolicy, HotplugFallback hotplugFallback,
        SourceLocation location) {

    public enum DirtyTracking implements YamlName { AUTO, IOMMU, DEVICE, NONE }

    public enum Split implements YamlName { NONE, BASE_PAGES, EAGER, LAZY }

    public enum NoTrackerPolicy implements YamlName { ALL_DIRTY, SUSPEND_EARLY, BLOCK }

    public enum HotplugFallback implements YamlName { SECOND_HWPT, SUSPEND, BLOCK }

    public static final long DEFAULT_BANDWIDTH = 1_250_000_000L;
    public static final long DEFAULT_DOWNTIME_LIMIT = 300_000_000L;
    public static final int DEFAULT_MAX_ROUNDS = 30;

    /** The defaults, used by {@code migrate} steps when the topology has no {@code migration} section. */
    public static MigrationSpec defaults(SourceLocation location) {
        return new MigrationSpec(DEFAULT_BANDWIDTH, DEFAULT_DOWNTIME_LIMIT, DEFAULT_MAX_ROUNDS, DirtyTracking.AUTO,
                Split.NONE, true, NoTrackerPolicy.ALL_DIRTY, HotplugFallback.SECOND_HWPT, location);
    }
}

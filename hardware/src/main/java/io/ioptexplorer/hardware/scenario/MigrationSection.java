package io.ioptexplorer.hardware.scenario;

import java.util.List;

/**
 * The {@code migration} section, and the settings a {@code migrate} step overrides.
 * Split out of {@link TopologyLoader}; problems go to the loader.
 */
final class MigrationSection {
    private final TopologyLoader loader;

    MigrationSection(TopologyLoader loader) {
        this.loader = loader;
    }

    /** Parses migration settings; with {@code base}, absent keys take its values (a migrate step's overrides). */
    MigrationSpec migration(Args a, MigrationSpec base) {
        MigrationSpec d = base != null ? base : MigrationSpec.defaults(a.where);
        Long bandwidth = a.rate("bandwidth", false);
        Long downtime = a.time("downtime-limit", false);
        Long rounds = a.integer("max-rounds", false, 1, 100_000);
        MigrationSpec.DirtyTracking dt = a.enumValue("dirty-tracking", MigrationSpec.DirtyTracking.class, false,
                "dirty-tracking mode");
        MigrationSpec.Split split = a.enumValue("split", MigrationSpec.Split.class, false, "split policy");
        Boolean precopy = a.bool("precopy-dirty-tracking", false);
        MigrationSpec.NoTrackerPolicy ntp = a.enumValue("no-tracker-policy", MigrationSpec.NoTrackerPolicy.class,
                false, "no-tracker policy");
        MigrationSpec.HotplugFallback hf = a.enumValue("hotplug-fallback", MigrationSpec.HotplugFallback.class,
                false, "hotplug fallback");
        a.finish();
        boolean ok = true;
        for (String k : List.of("bandwidth", "downtime-limit", "max-rounds", "dirty-tracking", "split",
                "precopy-dirty-tracking", "no-tracker-policy", "hotplug-fallback")) {
            ok &= !a.has(k) || a.map.get(k) != null;
        }
        ok &= (bandwidth != null || !a.has("bandwidth")) && (downtime != null || !a.has("downtime-limit"))
                && (rounds != null || !a.has("max-rounds")) && (dt != null || !a.has("dirty-tracking"))
                && (split != null || !a.has("split")) && (precopy != null || !a.has("precopy-dirty-tracking"))
                && (ntp != null || !a.has("no-tracker-policy")) && (hf != null || !a.has("hotplug-fallback"));
        if (bandwidth != null && bandwidth == 0) {
            loader.problem(a.at("bandwidth"), "'bandwidth' in " + a.context + " is 0; a migration needs a link, such as"
                    + " 10Gbit/s");
            ok = false;
        }
        if (downtime != null && downtime == 0) {
            loader.problem(a.at("downtime-limit"), "'downtime-limit' in " + a.context
                    + " is 0; no migration can stop the"
                    + " guest for no time; use a limit such as 300ms");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new MigrationSpec(bandwidth != null ? bandwidth : d.bandwidth(),
                downtime != null ? downtime : d.downtimeLimit(), rounds != null ? rounds.intValue() : d.maxRounds(),
                dt != null ? dt : d.dirtyTracking(), split != null ? split : d.split(),
                precopy != null ? precopy : d.precopyDirtyTracking(), ntp != null ? ntp : d.noTrackerPolicy(),
                hf != null ? hf : d.hotplugFallback(), a.where);
    }
}

package io.ioptexplorer.hardware.explain;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.run.BitmapValue;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.scenario.IommuSpec;
import io.ioptexplorer.hardware.scenario.MigrationSpec;
import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@link Why} explains a step's outcome or an event. Pure functions of immutable inputs (the topology as
 * loaded and a finished {@link StepResult}), so a view model may ask from any thread. The texts themselves live only
 * in {@link Why}.
 */
public final class WhyRules {
    /** Timeline event kinds and the explanation each one gets wherever the event is shown. */
    private static final Map<EventKind, Why> BY_EVENT_KIND = new EnumMap<>(Map.ofEntries(
            Map.entry(EventKind.DIRTY_READ, Why.CLEAR_NEEDS_IOTLB_FLUSH),
            Map.entry(EventKind.INVALIDATION, Why.CLEAR_NEEDS_IOTLB_FLUSH),
            Map.entry(EventKind.DIRTY_FLUSH_SKIPPED, Why.STALE_IOTLB_LOSES_PAGES),
            Map.entry(EventKind.AD_UPDATES_SET, Why.TRACKING_ENABLE_WIPES),
            Map.entry(EventKind.LEAF_SPLIT, Why.SPLIT_IS_PROPOSAL),
            Map.entry(EventKind.TABLE_COLLAPSED, Why.SPLIT_IS_PROPOSAL),
            Map.entry(EventKind.SPLIT_APPLIED, Why.SPLIT_IS_PROPOSAL),
            Map.entry(EventKind.COLLAPSE_APPLIED, Why.SPLIT_IS_PROPOSAL),
            Map.entry(EventKind.ATTACH_REFUSED, Why.ATTACH_REFUSED_NO_DIRTY),
            Map.entry(EventKind.TYPE1_GROUP_PROMOTED, Why.TYPE1_ALL_DIRTY),
            Map.entry(EventKind.DMA_LOGGING_STARTED, Why.DEVICE_LOG_RANGES),
            Map.entry(EventKind.DMA_LOGGING_REPORTED, Why.DEVICE_LOG_RANGES),
            Map.entry(EventKind.UNTRACKED_WRITE, Why.DEVICE_LOG_RANGES),
            Map.entry(EventKind.TRACKER_SYNCED, Why.UNION_OF_TRACKERS),
            Map.entry(EventKind.DEVICE_SUSPENDED, Why.DEVICE_SUSPENDED),
            Map.entry(EventKind.MIGRATION_BLOCKED, Why.MIGRATION_BLOCKED)));

    /** Pages of the smallest leaf: a dirty record longer than this is a huge leaf reported whole. */
    private static final long BASE_PAGE = 4096;

    private WhyRules() {
    }

    /** The explanation for one timeline event kind, if the catalog has one. */
    public static Optional<Why> forEventKind(EventKind kind) {
        return Optional.ofNullable(BY_EVENT_KIND.get(kind));
    }

    /** The same by the kind's kebab-case id, as the trace and the event log write it; empty for an unknown id. */
    public static Optional<Why> forEventKind(String id) {
        EventKind kind = EventKind.byId(id);
        return kind == null ? Optional.empty() : forEventKind(kind);
    }

    /**
     * The explanation for one event, looking at its fields where the kind alone does not say: a dirty record that
     * covers more than a 4 KiB page is a huge leaf reported whole.
     */
    public static Optional<Why> forEvent(SimEvent e) {
        if (e instanceof DirtyRecorded d && d.length() > BASE_PAGE) {
            return Optional.of(Why.HUGE_LEAF_AMPLIFICATION);
        }
        return forEventKind(EventKind.of(e));
    }

    /** Every explanation that applies to step {@code r} of {@code topology}, most specific first; may be empty. */
    public static List<Why> forStep(Topology topology, StepResult r) {
        Step step = topology.steps().get(r.index());
        Set<Why> out = new LinkedHashSet<>();
        Map<String, Object> res = r.result();
        StepArgs a = step.args();
        boolean ok = r.errno() == null;
        if (a instanceof StepArgs.Attach && r.errno() == Errno.EINVAL) {
            out.add(Why.ATTACH_REFUSED_NO_DIRTY);
        } else if (a instanceof StepArgs.HwptAlloc h && h.dirtyTracking() && r.errno() == Errno.EOPNOTSUPP) {
            out.add(Why.DIRTY_HWPT_UNSUPPORTED);
        } else if (a instanceof StepArgs.GetHwInfo && Boolean.FALSE.equals(res.get("dirty-tracking"))) {
            out.add(String.valueOf(res.get("model")).startsWith("riscv") ? Why.NO_UPSTREAM_DIRTY_OPS
                    : Why.DIRTY_HWPT_UNSUPPORTED);
        } else if (a instanceof StepArgs.SetDirtyTracking s && s.enable() && ok) {
            out.add(Why.TRACKING_ENABLE_WIPES);
        } else if (a instanceof StepArgs.GetDirtyBitmap g && ok) {
            if (amplified(topology, step, g, res)) {
                out.add(Why.HUGE_LEAF_AMPLIFICATION);
            }
            if (!g.noClear()) {
                out.add(skipsDirtyFlush(topology) ? Why.STALE_IOTLB_LOSES_PAGES : Why.CLEAR_NEEDS_IOTLB_FLUSH);
            }
        } else if ((a instanceof StepArgs.Split || a instanceof StepArgs.Collapse) && ok) {
            out.add(Why.SPLIT_IS_PROPOSAL);
        } else if (a instanceof StepArgs.Hotplug && "suspend".equals(res.get("fallback"))) {
            out.add(Why.DEVICE_SUSPENDED);
        } else if (a instanceof StepArgs.Type1Dirty && res.get("bitmap") instanceof BitmapValue b && b.nbits() > 1
                && b.cardinality() == b.nbits()) {
            out.add(Why.TYPE1_ALL_DIRTY);
        } else if ((a instanceof StepArgs.DmaLoggingStart || a instanceof StepArgs.DmaLoggingReport) && ok) {
            out.add(Why.DEVICE_LOG_RANGES);
        } else if (a instanceof StepArgs.Migrate m) {
            migrate(topology, m.settings(), res, out);
        }
        return List.copyOf(out);
    }

    private static void migrate(Topology t, MigrationSpec spec, Map<String, Object> res, Set<Why> out) {
        String result = String.valueOf(res.get("result"));
        switch (result) {
            case "blocked" -> out.add(Why.MIGRATION_BLOCKED);
            case "failed" -> out.add(Why.MIGRATION_FAILED);
            case "cancelled" -> out.add(Why.MIGRATION_NOT_CONVERGED);
            default -> { }
        }
        if (res.get("lost-pages") instanceof Long lost && lost > 0) {
            out.add(Why.STALE_IOTLB_LOSES_PAGES);
        }
        if ("completed".equals(result)) {
            if (res.get("rounds") instanceof Long rounds && rounds >= spec.maxRounds()) {
                out.add(Why.MIGRATION_NOT_CONVERGED);
            }
            if (spec.split() == MigrationSpec.Split.EAGER || spec.split() == MigrationSpec.Split.LAZY) {
                out.add(Why.SPLIT_IS_PROPOSAL);
            } else if (t.vm().hugepages() > 4096 && !t.iommus().isEmpty()) {
                out.add(Why.HUGE_LEAF_AMPLIFICATION);
            }
            if (spec.noTrackerPolicy() == MigrationSpec.NoTrackerPolicy.SUSPEND_EARLY) {
                out.add(Why.DEVICE_SUSPENDED);
            }
            if (t.vm().vcpuWorkload().isPresent() && t.devices().stream().anyMatch(d -> d.workload().isPresent())) {
                out.add(Why.UNION_OF_TRACKERS);
            }
        }
    }

    /**
     * Whether a bitmap reports more pages than the writes since the previous read of the same HWPT could have
     * touched: the sign that dirty state is kept per huge leaf. Only plain {@code dma} steps are counted; any
     * workload or migration in between makes the bound unknown and the rule stays silent.
     */
    private static boolean amplified(Topology t, Step read, StepArgs.GetDirtyBitmap g, Map<String, Object> res) {
        if (!(res.get("dirty-bits") instanceof Long bits) || bits == 0) {
            return false;
        }
        long bound = 0;
        for (int i = read.index() - 1; i >= 0; i--) {
            StepArgs a = t.steps().get(i).args();
            if (a instanceof StepArgs.GetDirtyBitmap prev && prev.hwpt().equals(g.hwpt())) {
                break;
            }
            if (a instanceof StepArgs.Workload || a instanceof StepArgs.Migrate || a instanceof StepArgs.VcpuWrite) {
                return false;
            }
            if (a instanceof StepArgs.Dma d && d.write()) {
                long pagesPerAccess = (d.size() + g.pageSize() - 1) / g.pageSize() + 1;
                bound += d.accesses() * pagesPerAccess;
            }
        }
        return bits > bound;
    }

    private static boolean skipsDirtyFlush(Topology t) {
        return t.iommus().stream().anyMatch(u -> u.faults().contains(IommuSpec.Fault.SKIP_DIRTY_FLUSH));
    }
}

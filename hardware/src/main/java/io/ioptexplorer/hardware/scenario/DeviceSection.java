package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code devices} section: kinds, IOMMUs, migration flags, trackers and workloads.
 * Split out of {@link TopologyLoader}; problems go to the loader.
 */
final class DeviceSection {
    private final TopologyLoader loader;

    DeviceSection(TopologyLoader loader) {
        this.loader = loader;
    }

    List<DeviceSpec> devices(YSeq seq, List<IommuSpec> iommus, long memory) {
        List<DeviceSpec> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        Map<String, SourceLocation> ids = new LinkedHashMap<>();
        List<String> iommuIds = List.copyOf(loader.declaredIommus);
        for (int i = 0; i < seq.items().size(); i++) {
            YNode n = seq.items().get(i);
            if (!(n instanceof YMap m)) {
                loader.problem(n.location(), "each entry of 'devices' must be a mapping such as {id: dev0, kind: nic,"
                        + " iommu: iommu0}, not " + n.describe());
                continue;
            }
            String peek = IommuSection.peekId(m);
            if (peek != null) {
                loader.declaredDevices.add(peek);
            }
            Args a = new Args(loader, m, peek != null ? "device '" + peek + "'" : "devices[" + i + "]", m.location());
            String id = a.id("id", true, "a device");
            boolean ok = id != null;
            if (id != null) {
                SourceLocation prev = ids.putIfAbsent(id, a.at("id"));
                if (prev != null) {
                    loader.problem(a.at("id"), "duplicate device id '" + id + "'; it is already used at line "
                            + prev.line()
                            + ", column " + prev.column() + "; give each device its own id");
                    ok = false;
                }
            }
            DeviceSpec.Kind kind = a.enumValue("kind", DeviceSpec.Kind.class, true, "device kind");
            String iommu = a.id("iommu", false, "an IOMMU");
            Set<DeviceSpec.MigrationFlag> flags = a.enumSet("migration-flags", DeviceSpec.MigrationFlag.class,
                    "migration flag");
            if (!a.has("migration-flags")) {
                flags = java.util.EnumSet.of(DeviceSpec.MigrationFlag.STOP_COPY); // the minimal migratable device
            }
            YNode trackerNode = a.node("tracker", false, "");
            YMap workloadMap = a.map("workload", false);
            MigrationSpec.DirtyTracking dt = a.enumValue("dirty-tracking", MigrationSpec.DirtyTracking.class, false,
                    "dirty-tracking mode");
            Boolean hotplug = a.bool("hotplug", false);
            a.finish();
            ok &= kind != null && (iommu != null || !a.has("iommu")) && (dt != null || !a.has("dirty-tracking"));
            if (kind != null && kind != DeviceSpec.Kind.EMULATED && iommu == null && !a.has("iommu")) {
                loader.problem(a.where, "missing required key 'iommu' in " + a.context + " (the id of its IOMMU"
                        + (iommuIds.isEmpty() ? "" : ", one of: " + String.join(", ", iommuIds))
                        + "); only emulated devices sit behind no IOMMU");
                ok = false;
            }
            if (iommu != null && !iommuIds.contains(iommu)) {
                loader.problem(a.at("iommu"), a.context + " names iommu '" + iommu + "', which is not defined"
                        + Suggest.didYouMean(iommu, iommuIds) + (iommuIds.isEmpty() ? "; add it under 'iommus'"
                        : " (iommus: " + String.join(", ", iommuIds) + ")"));
                ok = false;
            }
            if (!flags.isEmpty() && !flags.contains(DeviceSpec.MigrationFlag.STOP_COPY)) {
                loader.problem(a.at("migration-flags"), "'migration-flags' in " + a.context + " lacks stop-copy; VFIO"
                        + " requires every migratable device to support stop-copy; add it, or leave the list empty"
                        + " for a device that cannot migrate");
                ok = false;
            }
            TrackerSpec tracker = trackerNode == null ? TrackerSpec.none(a.where) : tracker(trackerNode, a.context);
            ok &= tracker != null;
            if (tracker != null && tracker.isNone() && dt == MigrationSpec.DirtyTracking.DEVICE) {
                loader.problem(a.at("dirty-tracking"), a.context + " asks for dirty-tracking: device but has no device"
                        + " tracker; add a tracker such as {kind: mlx5, max-ranges: 4, page-sizes: [4KiB]} or use"
                        + " iommu, auto or none");
                ok = false;
            }
            WorkloadSpec workload = null;
            if (workloadMap != null) {
                workload = loader.workload(new Args(loader, workloadMap, a.context
                        + " workload", workloadMap.location()), memory);
                ok &= workload != null;
            }
            if (ok) {
                out.add(new DeviceSpec(id, kind, Optional.ofNullable(iommu), flags, tracker,
                        Optional.ofNullable(workload), Optional.ofNullable(dt), Boolean.TRUE.equals(hotplug),
                        m.location()));
            }
        }
        return out;
    }

    TrackerSpec tracker(YNode n, String device) {
        String ctx = device + " tracker";
        if (n instanceof YScalar s && !s.isNull()) {
            if (s.text().equals("none")) {
                return TrackerSpec.none(s.location());
            }
            loader.problem(s.location(), "'tracker' in " + device + " must be none or a mapping such as {kind: mlx5,"
                    + " max-ranges: 4, page-sizes: [4KiB, 2MiB]}, not " + s.describe());
            return null;
        }
        if (!(n instanceof YMap m)) {
            loader.problem(n.location(), "'tracker' in " + device + " must be none or a mapping such as {kind: mlx5,"
                    + " max-ranges: 4, page-sizes: [4KiB, 2MiB]}, not " + n.describe());
            return null;
        }
        Args a = new Args(loader, m, ctx, m.location());
        TrackerSpec.Kind kind = a.enumValue("kind", TrackerSpec.Kind.class, true, "tracker kind");
        boolean none = kind == TrackerSpec.Kind.NONE;
        Long maxRanges = a.integer("max-ranges", !none && kind != null, 1, 1 << 16);
        YSeq sizes = a.seq("page-sizes", !none && kind != null, "[4KiB, 2MiB]");
        a.finish();
        if (kind == null) {
            return null;
        }
        if (none) {
            if (a.has("max-ranges") || a.has("page-sizes")) {
                loader.problem(a.keyAt(a.has("max-ranges") ? "max-ranges" : "page-sizes"), "a tracker of kind none takes"
                        + " no 'max-ranges' or 'page-sizes'; remove them or name a tracker kind such as mlx5");
                return null;
            }
            return TrackerSpec.none(m.location());
        }
        if (maxRanges == null || sizes == null) {
            return null;
        }
        List<Long> pageSizes = new ArrayList<>();
        boolean ok = true;
        for (YNode item : sizes.items()) {
            Long size = loader.parseUnit("page-sizes", item, ctx, "a size such as 4KiB", Units::parseSize);
            if (size == null) {
                ok = false;
            } else if (!TopologyLoader.isPowerOfTwo(size) || size < 4 * Units.KiB) {
                loader.problem(item.location(), "page size " + Units.formatSize(size) + " in " + ctx + " is impossible;"
                        + " tracking page sizes are powers of two of at least 4KiB, such as 4KiB or 2MiB");
                ok = false;
            } else if (pageSizes.contains(size)) {
                loader.problem(item.location(), "page size " + Units.formatSize(size) + " is listed twice in " + ctx);
                ok = false;
            } else {
                pageSizes.add(size);
            }
        }
        if (ok && pageSizes.isEmpty()) {
            loader.problem(sizes.location(), "'page-sizes' in " + ctx + " is empty; list at least one, such as [4KiB]");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        pageSizes.sort(null);
        return new TrackerSpec(kind, maxRanges.intValue(), pageSizes, m.location());
    }
}

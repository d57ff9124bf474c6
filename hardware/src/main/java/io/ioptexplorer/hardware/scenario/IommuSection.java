package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.iommu.VtdCaps;
import io.ioptexplorer.hardware.scenario.IommuSpec.Model;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code iommus} section: each IOMMU's model, features, page-table parameters, IOTLB and faults.
 * Split out of {@link TopologyLoader}; problems go to the loader.
 */
final class IommuSection {
    private final TopologyLoader loader;

    IommuSection(TopologyLoader loader) {
        this.loader = loader;
    }

    List<IommuSpec> iommus(YSeq seq) {
        List<IommuSpec> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        Map<String, SourceLocation> ids = new LinkedHashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YNode n = seq.items().get(i);
            if (!(n instanceof YMap m)) {
                loader.problem(n.location(), "each entry of 'iommus' must be a mapping such as {id: iommu0, model: amd-v1},"
                        + " not " + n.describe());
                continue;
            }
            String id = peekId(m);
            if (id != null) {
                loader.declaredIommus.add(id);
            }
            String ctx = id != null ? "iommu '" + id + "'" : "iommus[" + i + "]";
            Args a = new Args(loader, m, ctx, m.location());
            id = a.id("id", true, "an IOMMU");
            if (id != null) {
                SourceLocation prev = ids.putIfAbsent(id, a.at("id"));
                if (prev != null) {
                    loader.problem(a.at("id"), "duplicate iommu id '" + id + "'; it is already used at line "
                            + prev.line()
                            + ", column " + prev.column() + "; give each IOMMU its own id");
                    id = null;
                }
            }
            IommuSpec spec = iommu(a, id);
            if (spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    static String peekId(YMap m) {
        return m.get("id") instanceof YScalar s && !s.isNull() && TopologyLoader.ID.matcher(s.text()).matches() ? s.text() : null;
    }

    IommuSpec iommu(Args a, String id) {
        Model model = a.enumValue("model", Model.class, true, "IOMMU model");
        boolean hasLevels = a.has("levels");
        boolean hasStage = a.has("stage");
        boolean hasGranule = a.has("granule");
        boolean hasMode = a.has("mode");
        List<String> vtdKeys = List.of("super-pages", "snoop-control", "second-stage");
        String vtdKey = vtdKeys.stream().filter(a::has).findFirst().orElse(null);
        YSeq superPages = a.seq("super-pages", false, "[2MiB, 1GiB]");
        Boolean snoopControl = a.bool("snoop-control", false);
        Boolean secondStage = a.bool("second-stage", false);
        Long levels = a.integer("levels", false, 0, Long.MAX_VALUE);
        Long stage = a.integer("stage", false, 0, Long.MAX_VALUE);
        Long granule = a.size("granule", false);
        IommuSpec.SvMode mode = a.enumValue("mode", IommuSpec.SvMode.class, false, "RISC-V mode");
        Set<IommuSpec.Feature> features = a.enumSet("features", IommuSpec.Feature.class, "feature");
        Set<IommuSpec.Fault> faults = a.enumSet("faults", IommuSpec.Fault.class, "fault");
        IommuSpec.Invalidation invalidation = a.enumValue("invalidation", IommuSpec.Invalidation.class, false,
                "invalidation batching");
        YMap iotlbMap = a.map("iotlb", false);
        a.finish();

        IommuSpec.IotlbSpec iotlb = IommuSpec.IotlbSpec.DEFAULT;
        boolean ok = model != null && id != null;
        if (iotlbMap != null) {
            Args t = new Args(loader, iotlbMap, a.context + " iotlb", iotlbMap.location());
            Long entries = t.integer("entries", true, 1, 1 << 20);
            Long ways = t.integer("ways", false, 1, 1 << 20);
            t.finish();
            if (entries != null && ways != null && entries % ways != 0) {
                loader.problem(t.at("ways"), "'ways' " + ways + " in " + t.context + " does not divide 'entries' "
                        + entries
                        + "; use a number of ways that divides it, such as " + largestDivisorAtMost(entries, ways));
                ok = false;
            } else if (entries != null) {
                iotlb = new IommuSpec.IotlbSpec(entries.intValue(), ways == null
                        ? (int) largestDivisorAtMost(entries, 4) : ways.intValue());
            } else {
                ok = false;
            }
        }
        if (model == null) {
            return null;
        }
        String ctx = a.context + " (" + model.yamlName() + ")";
        if (model != Model.AMD_V1 && model != Model.VTD_SS && hasLevels) {
            loader.problem(a.keyAt("levels"), "'levels' does not apply to " + ctx + "; " + paramsHint(model));
            ok = false;
        }
        if (model != Model.SMMUV3 && (hasStage || hasGranule)) {
            loader.problem(a.keyAt(hasStage ? "stage" : "granule"), "'" + (hasStage ? "stage" : "granule")
                    + "' does not apply to " + ctx + "; " + paramsHint(model));
            ok = false;
        }
        if (model != Model.VTD_SS && vtdKey != null) {
            loader.problem(a.keyAt(vtdKey), "'" + vtdKey + "' does not apply to " + ctx + "; " + paramsHint(model));
            ok = false;
        }
        if (model != Model.RISCV && hasMode) {
            loader.problem(a.keyAt("mode"), "'mode' does not apply to " + ctx + "; " + paramsHint(model));
            ok = false;
        }
        IommuSpec.ModelParams params = null;
        switch (model) {
            case AMD_V1, VTD_SS -> {
                int min = 3;
                int max = model == Model.AMD_V1 ? 6 : 5;
                int lv = 4;
                if (levels != null) {
                    if (levels < min || levels > max) {
                        loader.problem(a.at("levels"), "'levels' in " + ctx + " is " + levels + "; " + model.yamlName()
                                + " page tables have " + min + " to " + max + " levels");
                        ok = false;
                    }
                    lv = levels.intValue();
                } else if (hasLevels) {
                    ok = false;
                }
                if (model == Model.AMD_V1) {
                    params = new IommuSpec.AmdV1(lv);
                } else {
                    VtdCaps caps = vtdCaps(superPages, snoopControl, secondStage, ctx);
                    ok &= caps != null;
                    params = new IommuSpec.VtdSs(lv, caps == null ? VtdCaps.FULL : caps);
                }
            }
            case SMMUV3 -> {
                int st = 2;
                long gr = 4 * Units.KiB;
                if (stage != null) {
                    if (stage != 1 && stage != 2) {
                        loader.problem(a.at("stage"), "'stage' in " + ctx + " is " + stage + "; an SMMUv3 translates at"
                                + " stage 1 or stage 2");
                        ok = false;
                    }
                    st = stage.intValue();
                } else if (hasStage) {
                    ok = false;
                }
                if (granule != null) {
                    if (granule != 4 * Units.KiB && granule != 16 * Units.KiB && granule != 64 * Units.KiB) {
                        loader.problem(a.at("granule"), "'granule' in " + ctx + " is " + Units.formatSize(granule)
                                + "; SMMUv3 granules are 4KiB, 16KiB or 64KiB");
                        ok = false;
                    }
                    gr = granule;
                } else if (hasGranule) {
                    ok = false;
                }
                params = new IommuSpec.SmmuV3(st, gr);
            }
            case RISCV -> {
                if (mode == null && hasMode) {
                    ok = false;
                }
                params = new IommuSpec.Riscv(mode == null ? IommuSpec.SvMode.SV48 : mode);
            }
            case MOCK -> params = new IommuSpec.Mock();
            default -> throw new AssertionError(model);
        }
        if (!ok) {
            return null;
        }
        return new IommuSpec(id, model, params, features, iotlb,
                invalidation == null ? IommuSpec.Invalidation.GATHERED : invalidation, faults, a.where);
    }

    /**
     * VT-d capability bits from {@code super-pages} (CAP.SSLPS: a list of 2MiB and 1GiB, default both),
     * {@code snoop-control} (ECAP.SC) and {@code second-stage} (ECAP.SLTS), both default true. Null after a problem.
     */
    private VtdCaps vtdCaps(YSeq superPages, Boolean snoopControl, Boolean secondStage, String ctx) {
        boolean sp2m = true;
        boolean sp1g = true;
        boolean ok = true;
        if (superPages != null) {
            sp2m = false;
            sp1g = false;
            for (YNode item : superPages.items()) {
                Long size = loader.parseUnit("super-pages", item, ctx, "2MiB or 1GiB", Units::parseSize);
                if (size == null) {
                    ok = false;
                } else if (size == 2 * Units.MiB) {
                    sp2m = true;
                } else if (size == Units.GiB) {
                    sp1g = true;
                } else {
                    loader.problem(item.location(), "'super-pages' in " + ctx + " lists " + Units.formatSize(size)
                            + "; VT-d second-stage super pages (CAP.SSLPS) are 2MiB and 1GiB");
                    ok = false;
                }
            }
        }
        if (!ok) {
            return null;
        }
        return new VtdCaps(sp2m, sp1g, snoopControl == null || snoopControl, secondStage == null || secondStage);
    }

    static long largestDivisorAtMost(long n, long atMost) {
        for (long d = Math.min(n, atMost); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    static String paramsHint(Model model) {
        return switch (model) {
            case AMD_V1 -> "amd-v1 takes 'levels' (3 to 6)";
            case VTD_SS -> "vtd-ss takes 'levels' (3 to 5), 'super-pages', 'snoop-control' and 'second-stage'";
            case SMMUV3 -> "smmuv3 takes 'stage' (1 or 2) and 'granule' (4KiB, 16KiB or 64KiB)";
            case RISCV -> "riscv takes 'mode' (sv39, sv48 or sv57)";
            case MOCK -> "mock takes no model parameters";
        };
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.scenario.IommuSpec.Model;
import io.ioptexplorer.hardware.scenario.YNode.ScalarKind;
import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Parses a topology's steps into typed {@link StepArgs} with their expectations, then has {@link StepChecker} check
 * them in order against the objects earlier steps (or the VMM) create. Split out of {@link TopologyLoader}; problems
 * go to the loader.
 */
final class StepParser {
    private final TopologyLoader loader;
    final List<IommuSpec> iommus;
    final VmSpec vm;
    final List<DeviceSpec> devices;
    final MigrationSpec migration;
    final Map<String, IommuSpec> iommuById = new LinkedHashMap<>();
    final Map<String, DeviceSpec> deviceById = new LinkedHashMap<>();

    StepParser(TopologyLoader loader, List<IommuSpec> iommus, VmSpec vm, List<DeviceSpec> devices,
            MigrationSpec migration) {
        this.loader = loader;
        this.iommus = iommus;
        this.vm = vm;
        this.devices = devices;
        this.migration = migration;
        iommus.forEach(i -> iommuById.put(i.id(), i));
        devices.forEach(d -> deviceById.put(d.id(), d));
    }

    /** A parsed step; args null if they had problems. */
    record Parsed(int index, String op, StepArgs args, Expect expect, Errno expectError, String narrate,
            SourceLocation location, YMap argMap) {
    }

    List<Step> steps(YSeq seq) {
        List<Parsed> parsed = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Parsed p = step(i, seq.items().get(i));
            if (p != null) {
                parsed.add(p);
            }
        }
        new StepChecker(loader, this, parsed.stream().noneMatch(p -> StepOps.isIommufdSetup(p.op())))
                .check(parsed);
        List<Step> out = new ArrayList<>();
        for (Parsed p : parsed) {
            if (p.args() != null) {
                out.add(new Step(p.index(), p.op(), p.args(), p.expect(), p.expectError(), p.narrate(),
                        p.location()));
            }
        }
        return out;
    }

    private Parsed step(int index, YNode n) {
        if (!(n instanceof YMap m)) {
            loader.problem(n.location(), "each step must be a mapping with one operation, such as - ioas-alloc: {id:"
                    + " ioas0}; found " + n.describe());
            return null;
        }
        List<YEntry> ops = new ArrayList<>();
        YEntry expect = null;
        YEntry expectError = null;
        YEntry narrate = null;
        List<String> stepKeys = new ArrayList<>(StepOps.OPS);
        stepKeys.addAll(List.of("expect", "expect-error", "narrate"));
        for (YEntry e : m.entries().values()) {
            switch (e.key()) {
                case "expect" -> expect = e;
                case "expect-error" -> expectError = e;
                case "narrate" -> narrate = e;
                default -> {
                    if (StepOps.isOp(e.key())) {
                        ops.add(e);
                    } else {
                        String dym = Suggest.didYouMean(e.key(), stepKeys);
                        loader.problem(e.keyLocation(), "unknown operation " + TopologyLoader.quote(e.key()) + " in step " + (index + 1)
                                + (dym.isEmpty() ? "; operations are: " + String.join(", ", StepOps.OPS)
                                : dym));
                    }
                }
            }
        }
        if (ops.size() > 1) {
            loader.problem(ops.get(1).keyLocation(), "step " + (index + 1) + " has two operations, '"
                    + ops.get(0).key() + "' and '" + ops.get(1).key() + "'; a step has exactly one, so split it"
                    + " into two steps");
            return null;
        }
        if (ops.isEmpty()) {
            // A lone 'narrate:' is the narrate operation written as a step key.
            if (narrate != null && expect == null && expectError == null && m.entries().size() == 1) {
                ops.add(narrate);
                narrate = null;
            } else {
                if (m.entries().keySet().stream().allMatch(k -> List.of("expect", "expect-error", "narrate")
                        .contains(k))) {
                    loader.problem(m.location(), "step " + (index + 1) + " has no operation; add one of: "
                            + String.join(", ", StepOps.OPS));
                }
                return null;
            }
        }
        YEntry opEntry = ops.get(0);
        String op = opEntry.key();
        SourceLocation loc = opEntry.keyLocation();

        Errno errno = null;
        boolean ok = true;
        if (expectError != null) {
            errno = errno(expectError);
            ok = errno != null;
        }
        if (expect != null && expectError != null) {
            loader.problem(expectError.keyLocation(), "step " + (index + 1) + " (" + op + ") has both 'expect' and"
                    + " 'expect-error'; keep one: a step either succeeds with results or fails with an errno");
            ok = false;
        }
        Expect ex = expect == null ? Expect.NONE : expect(op, expect);
        ok &= ex != null;
        String caption = null;
        if (narrate != null) {
            if (narrate.value() instanceof YScalar s && !s.isNull() && s.kind() != ScalarKind.BOOL) {
                caption = s.text();
            } else {
                loader.problem(narrate.value().location(), "'narrate' in step " + (index + 1) + " must be a caption"
                        + " (text), not " + narrate.value().describe());
                ok = false;
            }
        }
        YMap argMap = null;
        StepArgs args = null;
        YNode v = opEntry.value();
        if (op.equals("narrate")) {
            if (v instanceof YScalar s && !s.isNull() && s.kind() != ScalarKind.BOOL) {
                args = new StepArgs.Narrate(s.text());
            } else {
                loader.problem(v.location(), "'narrate' must be followed by a caption (text), not " + v.describe());
            }
        } else if (op.equals("type1-dirty") && v instanceof YScalar s && !s.isNull()) {
            StepArgs.Type1Action act = loader.parseEnum("type1-dirty", s, StepArgs.Type1Action.class, "type1-dirty"
                    + " action", "step " + (index + 1));
            if (act == StepArgs.Type1Action.GET_BITMAP) {
                loader.problem(s.location(), "type1-dirty get-bitmap needs a range; write type1-dirty: {action:"
                        + " get-bitmap, iova: ..., length: ..., page-size: 4KiB}");
            } else if (act != null) {
                args = new StepArgs.Type1Dirty(act, Optional.empty(), OptionalLong.empty());
            }
        } else if (v instanceof YMap am) {
            argMap = am;
            args = args(op, new Args(loader, am, op, am.location()));
        } else if (v instanceof YScalar s && s.isNull()) {
            args = args(op, new Args(loader, null, op, loc));
        } else {
            loader.problem(v.location(), "the arguments of " + op + " must be a mapping such as " + example(op)
                    + ", not " + v.describe());
        }
        return new Parsed(index, op, ok ? args : null, ex, errno, caption, loc, argMap);
    }

    private Errno errno(YEntry e) {
        List<String> names = Arrays.stream(Errno.values()).map(Enum::name).toList();
        if (e.value() instanceof YScalar s && !s.isNull()) {
            Errno errno = Errno.byName(s.text());
            if (errno != null) {
                return errno;
            }
            loader.problem(s.location(), "unknown errno " + TopologyLoader.quote(s.text()) + " in expect-error"
                    + Suggest.didYouMean(s.text(), names) + " (expected one of: " + String.join(", ", names)
                    + ")");
            return null;
        }
        loader.problem(e.value().location(), "'expect-error' must be an errno name such as EINVAL, not "
                + e.value().describe());
        return null;
    }

    private Expect expect(String op, YEntry e) {
        Map<String, StepOps.ResultType> results = StepOps.results(op);
        if (!(e.value() instanceof YMap m)) {
            loader.problem(e.value().location(), "'expect' must be a mapping of results, such as "
                    + (results.isEmpty() ? "{dirty-bits: 32}" : "{" + results.keySet().iterator().next()
                    + ": ...}") + ", not " + e.value().describe());
            return null;
        }
        if (results.isEmpty()) {
            loader.problem(e.keyLocation(), op + " has no results to check; remove 'expect' (use expect-error to check"
                    + " that it fails)");
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, SourceLocation> locations = new LinkedHashMap<>();
        boolean ok = true;
        String ctx = "expect of " + op;
        for (YEntry r : m.entries().values()) {
            StepOps.ResultType type = results.get(r.key());
            if (type == null) {
                String dym = Suggest.didYouMean(r.key(), results.keySet());
                loader.problem(r.keyLocation(), "unknown result " + TopologyLoader.quote(r.key()) + " in " + ctx
                        + (dym.isEmpty() ? "; " + op + " results are: " + String.join(", ", results.keySet())
                        : dym));
                ok = false;
                continue;
            }
            Object value = result(r.key(), r.value(), type, ctx);
            if (value == null) {
                ok = false;
            } else {
                values.put(r.key(), value);
                locations.put(r.key(), r.value().location());
            }
        }
        return ok ? new Expect(values, locations, m.location()) : null;
    }

    private String oneOf(String key, YNode n, List<String> allowed, String ctx) {
        if (n instanceof YScalar s && allowed.contains(s.text()) && !s.isNull()) {
            return s.text();
        }
        String text = n instanceof YScalar s ? s.text() : "";
        loader.problem(n.location(), "'" + key + "' in " + ctx + " must be one of " + String.join(", ", allowed)
                + Suggest.didYouMean(text, allowed).replace("; did", ", did") + " — not " + n.describe());
        return null;
    }

    private Object result(String key, YNode n, StepOps.ResultType type, String ctx) {
        switch (type) {
            case BOOL:
                return loader.parseBool(key, n, ctx);
            case COUNT:
                return loader.parseUnit(key, n, ctx, "a whole number", Units::parseInteger);
            case SIZE:
                return loader.parseUnit(key, n, ctx, "a size such as 4KiB", Units::parseSize);
            case IOVA:
                return loader.parseUnit(key, n, ctx, "an IOVA such as 0x100000", Units::parseIova);
            case TIME:
                return loader.parseUnit(key, n, ctx, "a time such as 300ms", Units::parseTime);
            case OUTCOME:
                return oneOf(key, n, StepOps.OUTCOMES, ctx);
            case FALLBACK:
                return oneOf(key, n, StepOps.FALLBACKS, ctx);
            case MODEL: {
                Model m = loader.parseEnum(key, n, Model.class, "IOMMU model", ctx);
                return m == null ? null : m.yamlName();
            }
            case STATE: {
                VfioMigState s = loader.parseEnum(key, n, VfioMigState.class, "VFIO migration state", ctx);
                return s == null ? null : s.name();
            }
            case STATES: {
                if (!(n instanceof YSeq seq)) {
                    loader.problem(n.location(), "'" + key + "' in " + ctx + " must be a list of VFIO states such as"
                            + " [RUNNING, STOP, STOP_COPY], not " + n.describe());
                    return null;
                }
                List<String> out = new ArrayList<>();
                boolean ok = true;
                for (YNode item : seq.items()) {
                    VfioMigState s = loader.parseEnum(key, item, VfioMigState.class, "VFIO migration state", ctx);
                    if (s == null) {
                        ok = false;
                    } else {
                        out.add(s.name());
                    }
                }
                return ok ? List.copyOf(out) : null;
            }
            case SIZES: {
                if (!(n instanceof YSeq seq)) {
                    loader.problem(n.location(), "'" + key + "' in " + ctx + " must be a list of sizes such as [4KiB,"
                            + " 2MiB], not " + n.describe());
                    return null;
                }
                List<Long> out = new ArrayList<>();
                boolean ok = true;
                for (YNode item : seq.items()) {
                    Long v = loader.parseUnit(key, item, ctx, "a size such as 4KiB", Units::parseSize);
                    if (v == null) {
                        ok = false;
                    } else {
                        out.add(v);
                    }
                }
                return ok ? List.copyOf(out) : null;
            }
            case BITMAP:
                return bitmap(key, n, ctx);
            default:
                throw new AssertionError(type);
        }
    }

    private BitSet bitmap(String key, YNode n, String ctx) {
        String hint = "a string of 0 and 1, bit 0 first, such as '0101', or a list of set bit numbers such as"
                + " [1, 3]";
        BitSet bits = new BitSet();
        if (n instanceof YSeq seq) {
            for (YNode item : seq.items()) {
                Long v = loader.parseUnit(key, item, ctx, "a bit number", Units::parseInteger);
                if (v == null) {
                    return null;
                }
                if (v > 1 << 24) {
                    loader.problem(item.location(), "bit " + v + " in '" + key + "' of " + ctx + " is beyond any"
                            + " bitmap a step can return (at most 16777216 bits)");
                    return null;
                }
                bits.set(v.intValue());
            }
            return bits;
        }
        if (n instanceof YScalar s && (s.kind() == ScalarKind.STRING || s.kind() == ScalarKind.INT)) {
            String t = s.text().replace("_", "").replace(" ", "");
            if (!t.isEmpty() && t.chars().allMatch(c -> c == '0' || c == '1')) {
                for (int i = 0; i < t.length(); i++) {
                    if (t.charAt(i) == '1') {
                        bits.set(i);
                    }
                }
                return bits;
            }
        }
        loader.problem(n.location(), "'" + key + "' in " + ctx + " must be " + hint + ", not " + n.describe());
        return null;
    }

    private String example(String op) {
        return switch (op) {
            case "ioas-alloc" -> "{id: ioas0}";
            case "ioas-map" -> "{ioas: ioas0, iova: 0x100000, length: 2MiB}";
            case "attach" -> "{device: dev0, hwpt: hwpt0}";
            case "get-dirty-bitmap" -> "{hwpt: hwpt0, iova: 0x100000, length: 2MiB, page-size: 4KiB}";
            case "migrate" -> "{}";
            default -> "{...}";
        };
    }

    // ------------------------------------------------------------------------------------------ step args

    private StepArgs args(String op, Args a) {
        StepArgs r = switch (op) {
            case "ioas-alloc" -> one(a.id("id", true, "an IOAS"), StepArgs.IoasAlloc::new);
            case "ioas-option" -> {
                String ioas = a.id("ioas", true, "an IOAS");
                Boolean huge = a.bool("huge-pages", true);
                yield ioas != null && huge != null ? new StepArgs.IoasOption(ioas, huge) : null;
            }
            case "ioas-map" -> {
                String ioas = a.id("ioas", true, "an IOAS");
                Long iova = a.iova("iova", false);
                Long length = a.size("length", true);
                StepArgs.Prot prot = a.enumValue("prot", StepArgs.Prot.class, false, "protection");
                Long ga = a.size("guest-address", false);
                boolean ok = ioas != null && length != null && (iova != null || !a.has("iova"))
                        && (prot != null || !a.has("prot")) && (ga != null || !a.has("guest-address"));
                yield ok ? new StepArgs.IoasMap(ioas, opt(iova), length, prot == null ? StepArgs.Prot.RW : prot,
                        opt(ga)) : null;
            }
            case "ioas-unmap" -> {
                String ioas = a.id("ioas", true, "an IOAS");
                Long iova = a.iova("iova", true);
                Long length = a.size("length", true);
                yield ioas != null && iova != null && length != null ? new StepArgs.IoasUnmap(ioas, iova, length)
                        : null;
            }
            case "hwpt-alloc" -> {
                String id = a.id("id", true, "a HWPT");
                String dev = a.id("device", true, "a device");
                String ioas = a.id("ioas", true, "an IOAS");
                Boolean dt = a.bool("dirty-tracking", false);
                Boolean np = a.bool("nest-parent", false);
                boolean ok = id != null && dev != null && ioas != null && (dt != null || !a.has("dirty-tracking"))
                        && (np != null || !a.has("nest-parent"));
                yield ok ? new StepArgs.HwptAlloc(id, dev, ioas, Boolean.TRUE.equals(dt), Boolean.TRUE.equals(np))
                        : null;
            }
            case "attach" -> {
                String dev = a.id("device", true, "a device");
                boolean hasHwpt = a.has("hwpt");
                boolean hasIoas = a.has("ioas");
                String hwpt = a.id("hwpt", false, "a HWPT");
                String ioas = a.id("ioas", false, "an IOAS");
                if (hasHwpt == hasIoas) {
                    loader.problem(hasHwpt ? a.keyAt("ioas") : a.where, "attach takes exactly one of 'hwpt' or 'ioas'"
                            + (hasHwpt ? "; remove one of them" : ", such as {device: dev0, hwpt: hwpt0}"));
                    yield null;
                }
                yield dev != null && (hwpt != null || ioas != null)
                        ? new StepArgs.Attach(dev, Optional.ofNullable(hwpt), Optional.ofNullable(ioas)) : null;
            }
            case "detach" -> one(a.id("device", true, "a device"), StepArgs.Detach::new);
            case "get-hw-info" -> one(a.id("device", true, "a device"), StepArgs.GetHwInfo::new);
            case "set-dirty-tracking" -> {
                String hwpt = a.id("hwpt", true, "a HWPT");
                Boolean en = a.bool("enable", true);
                yield hwpt != null && en != null ? new StepArgs.SetDirtyTracking(hwpt, en) : null;
            }
            case "get-dirty-bitmap" -> {
                String hwpt = a.id("hwpt", true, "a HWPT");
                Long iova = a.iova("iova", true);
                Long length = a.size("length", true);
                Long ps = a.size("page-size", true);
                Boolean nc = a.bool("no-clear", false);
                yield hwpt != null && iova != null && length != null && ps != null
                        && (nc != null || !a.has("no-clear"))
                        ? new StepArgs.GetDirtyBitmap(hwpt, iova, length, ps, Boolean.TRUE.equals(nc)) : null;
            }
            case "dma" -> {
                String dev = a.id("device", true, "a device");
                Long iova = a.iova("iova", true);
                Long length = a.size("length", true);
                Boolean write = a.bool("write", false);
                Long stride = a.size("stride", false);
                Long size = a.size("size", false);
                boolean ok = dev != null && iova != null && length != null && (write != null || !a.has("write"))
                        && (stride != null || !a.has("stride")) && (size != null || !a.has("size"));
                if (!ok) {
                    yield null;
                }
                long st = stride != null ? stride : length;
                long sz = size != null ? size : st;
                yield strided(a, "dma", length, st, sz)
                        ? new StepArgs.Dma(dev, iova, length, write == null || write, st, sz) : null;
            }
            case "workload" -> {
                String source = a.id("source", false, "a device");
                Long duration = a.time("duration", true);
                boolean overrides = List.of("rate", "size", "pattern", "working-set", "read-ratio").stream()
                        .anyMatch(a::has);
                WorkloadSpec override = null;
                if (overrides) {
                    override = loader.workload(a, vm == null ? Long.MAX_VALUE : vm.memory());
                } else {
                    a.finish();
                }
                boolean ok = duration != null && (source != null || !a.has("source"))
                        && (override != null || !overrides);
                if (duration != null && duration == 0) {
                    loader.problem(a.at("duration"), "'duration' in workload is 0; let it run for some time, such as"
                            + " 100ms");
                    ok = false;
                }
                yield ok ? new StepArgs.Workload(Optional.ofNullable(source), duration,
                        Optional.ofNullable(override)) : null;
            }
            case "vcpu-write" -> {
                Long gpa = a.size("gpa", true);
                Long length = a.size("length", true);
                Long stride = a.size("stride", false);
                Long size = a.size("size", false);
                boolean ok = gpa != null && length != null && (stride != null || !a.has("stride"))
                        && (size != null || !a.has("size"));
                if (!ok) {
                    yield null;
                }
                long st = stride != null ? stride : length;
                long sz = size != null ? size : st;
                yield strided(a, "vcpu-write", length, st, sz) ? new StepArgs.VcpuWrite(gpa, length, st, sz)
                        : null;
            }
            case "split" -> {
                String hwpt = a.id("hwpt", true, "a HWPT");
                Long iova = a.iova("iova", true);
                Long length = a.size("length", true);
                Long ps = a.size("page-size", false);
                yield hwpt != null && iova != null && length != null && (ps != null || !a.has("page-size"))
                        ? new StepArgs.Split(hwpt, iova, length, opt(ps)) : null;
            }
            case "collapse" -> {
                String hwpt = a.id("hwpt", true, "a HWPT");
                Long iova = a.iova("iova", true);
                Long length = a.size("length", true);
                yield hwpt != null && iova != null && length != null ? new StepArgs.Collapse(hwpt, iova, length)
                        : null;
            }
            case "iotlb-invalidate" -> {
                boolean hasIommu = a.has("iommu");
                boolean hasHwpt = a.has("hwpt");
                String iommu = a.id("iommu", false, "an IOMMU");
                String hwpt = a.id("hwpt", false, "a HWPT");
                Long iova = a.iova("iova", false);
                Long length = a.size("length", false);
                if (hasIommu == hasHwpt) {
                    loader.problem(hasIommu ? a.keyAt("hwpt") : a.where, "iotlb-invalidate takes exactly one of"
                            + " 'iommu' or 'hwpt'" + (hasIommu ? "; remove one of them"
                            : ", such as {iommu: iommu0}"));
                    yield null;
                }
                if (a.has("iova") != a.has("length")) {
                    loader.problem(a.where, "iotlb-invalidate takes 'iova' and 'length' together (one range) or"
                            + " neither (everything); add the missing one");
                    yield null;
                }
                boolean ok = (iommu != null || hwpt != null) && (iova != null || !a.has("iova"))
                        && (length != null || !a.has("length"));
                yield ok ? new StepArgs.IotlbInvalidate(Optional.ofNullable(iommu), Optional.ofNullable(hwpt),
                        iova == null ? Optional.empty() : Optional.of(new StepArgs.Range(iova, length))) : null;
            }
            case "dma-logging-start" -> {
                String dev = a.id("device", true, "a device");
                YSeq ranges = a.seq("ranges", true, "[{iova: 0, length: 1GiB}]");
                Long ps = a.size("page-size", true);
                List<StepArgs.Range> rs = ranges == null ? null : ranges(ranges);
                yield dev != null && rs != null && ps != null ? new StepArgs.DmaLoggingStart(dev, rs, ps) : null;
            }
            case "dma-logging-report" -> {
                String dev = a.id("device", true, "a device");
                Long iova = a.iova("iova", true);
                Long length = a.size("length", true);
                Long ps = a.size("page-size", true);
                yield dev != null && iova != null && length != null && ps != null
                        ? new StepArgs.DmaLoggingReport(dev, iova, length, ps) : null;
            }
            case "dma-logging-stop" -> one(a.id("device", true, "a device"), StepArgs.DmaLoggingStop::new);
            case "type1-dirty" -> {
                StepArgs.Type1Action act = a.enumValue("action", StepArgs.Type1Action.class, true,
                        "type1-dirty action");
                Long iova = a.iova("iova", false);
                Long length = a.size("length", false);
                Long ps = a.size("page-size", false);
                if (act == null) {
                    yield null;
                }
                boolean get = act == StepArgs.Type1Action.GET_BITMAP;
                boolean ok = true;
                for (String k : List.of("iova", "length", "page-size")) {
                    if (get && !a.has(k)) {
                        loader.problem(a.where, "missing required key '" + k + "' in type1-dirty get-bitmap (a size"
                                + " such as 4KiB)");
                        ok = false;
                    } else if (!get && a.has(k)) {
                        loader.problem(a.keyAt(k), "'" + k + "' applies to type1-dirty get-bitmap only; remove it from"
                                + " " + act.yamlName());
                        ok = false;
                    }
                }
                ok &= !get || (iova != null && length != null && ps != null);
                yield ok ? new StepArgs.Type1Dirty(act, get ? Optional.of(new StepArgs.Range(iova, length))
                        : Optional.empty(), opt(ps)) : null;
            }
            case "mig-state" -> {
                String dev = a.id("device", true, "a device");
                VfioMigState state = a.enumValue("state", VfioMigState.class, true, "VFIO migration state");
                yield dev != null && state != null ? new StepArgs.MigState(dev, state) : null;
            }
            case "hotplug" -> one(a.id("device", true, "a device"), StepArgs.Hotplug::new);
            case "migrate" -> {
                MigrationSpec settings = loader.migration(a, migration != null ? migration
                        : MigrationSpec.defaults(a.where));
                yield settings == null ? null : new StepArgs.Migrate(settings);
            }
            default -> throw new AssertionError(op);
        };
        StepOps.Operation spec = StepOps.operation(op);
        if (!spec.openKeys()) {
            a.finish();
        }
        // The registry is the one definition of an operation's keys: a parser reading others is a defect.
        if (spec.openKeys() ? !a.known.containsAll(spec.keys()) : !a.known.equals(new java.util.LinkedHashSet<>(
                spec.keys()))) {
            throw new IllegalStateException("the parser of " + op + " reads " + a.known + " but the registry lists "
                    + spec.keys());
        }
        return r;
    }

    private <T> StepArgs one(T value, Function<T, StepArgs> make) {
        return value == null ? null : make.apply(value);
    }

    private OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private boolean strided(Args a, String op, long length, long stride, long size) {
        if (length == 0) {
            loader.problem(a.at("length"), "'length' in " + op + " is 0; access at least one byte");
            return false;
        }
        if (stride == 0) {
            loader.problem(a.at("stride"), "'stride' in " + op + " is 0; use a positive stride such as 4KiB");
            return false;
        }
        if (size == 0) {
            loader.problem(a.at("size"), "'size' in " + op + " is 0; each access moves at least one byte, such as 8");
            return false;
        }
        if (size > stride) {
            loader.problem(a.at("size"), "'size' in " + op + " (" + Units.formatSize(size) + ") is larger than 'stride' ("
                    + Units.formatSize(stride) + "); accesses would overlap; make size at most the stride");
            return false;
        }
        return true;
    }

    private List<StepArgs.Range> ranges(YSeq seq) {
        List<StepArgs.Range> out = new ArrayList<>();
        boolean ok = true;
        for (YNode n : seq.items()) {
            if (!(n instanceof YMap m)) {
                loader.problem(n.location(), "each entry of 'ranges' must be a mapping such as {iova: 0, length: 1GiB},"
                        + " not " + n.describe());
                ok = false;
                continue;
            }
            Args a = new Args(loader, m, "range", m.location());
            Long iova = a.iova("iova", true);
            Long length = a.size("length", true);
            a.finish();
            if (iova == null || length == null) {
                ok = false;
            } else {
                out.add(new StepArgs.Range(iova, length));
            }
        }
        // An empty list is a valid file: DMA_LOGGING_START answers num_ranges == 0 with EINVAL at run time.
        return ok ? out : null;
    }


}

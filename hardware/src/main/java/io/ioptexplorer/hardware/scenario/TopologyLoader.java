package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.scenario.IommuSpec.Model;
import io.ioptexplorer.hardware.scenario.YNode.ScalarKind;
import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a topology/scenario YAML file into a validated {@link Topology}, or throws a {@link TopologyException}
 * listing every problem found, each at its {@code file:line:column}. Validation needs no simulation: structure,
 * types, units, enum values, ranges, ids and references, alignment and overlaps of mappings.
 */
public final class TopologyLoader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    /** Ids written in the file, valid or not, so a broken definition does not also make every use an error. */
    final Set<String> declaredIommus = new LinkedHashSet<>();
    final Set<String> declaredDevices = new LinkedHashSet<>();

    private TopologyLoader(String file) {
        this.file = file;
    }

    /** Loads a file; locations use its file name. Files over 1 MiB are refused before reading. */
    public static Topology load(Path path) throws TopologyException {
        return load(path, List.of());
    }

    /** Loads a file with {@code --set key=value} overrides applied before validation (see {@link Overrides}). */
    public static Topology load(Path path, List<String> overrides) throws TopologyException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > YamlReader.MAX_CHARS) {
                throw new TopologyException(new Problem(SourceLocation.startOf(name), "the file is "
                        + Units.formatSize(size) + "; topology files are limited to 1 MiB; split it or remove"
                        + " unused parts"));
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new TopologyException(new Problem(SourceLocation.startOf(name), "cannot read the file: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TopologyException(new Problem(SourceLocation.startOf(name),
                    "the file is not valid UTF-8 text; save it as UTF-8"));
        }
        return load(name, text, overrides);
    }

    /** Loads YAML text; {@code sourceName} is the file name used in locations. */
    public static Topology load(String sourceName, String yamlText) throws TopologyException {
        return load(sourceName, yamlText, List.of());
    }

    /** Loads YAML text with {@code --set key=value} overrides applied before validation. */
    public static Topology load(String sourceName, String yamlText, List<String> overrides)
            throws TopologyException {
        TopologyLoader l = new TopologyLoader(sourceName);
        YNode root = Overrides.apply(YamlReader.read(sourceName, yamlText), overrides);
        Topology t = l.topology(root);
        if (!l.problems.isEmpty() || t == null) {
            if (l.problems.isEmpty()) {
                l.problems.add(new Problem(SourceLocation.startOf(sourceName), "the topology is incomplete"));
            }
            throw new TopologyException(l.problems);
        }
        return t;
    }

    // ================================================================================================ problems

    void problem(SourceLocation at, String message) {
        problems.add(new Problem(at, message));
    }

    static String quote(String s) {
        return "'" + YNode.abbreviate(s) + "'";
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlName::of).toList();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    // ============================================================================================ typed access

    /**
     * Reads the keys of one mapping. Every key asked for is a known key; {@link #finish()} reports the others
     * with a did-you-mean. Getters return null after recording a problem (or when an optional key is absent).
     */
    final class Args {
        final YMap map;
        final String context;
        final SourceLocation where;
        final Set<String> known = new LinkedHashSet<>();

        Args(YMap map, String context, SourceLocation where) {
            this.map = map;
            this.context = context;
            this.where = where;
        }

        boolean has(String key) {
            known.add(key);
            return map != null && map.entries().containsKey(key);
        }

        SourceLocation at(String key) {
            YEntry e = map == null ? null : map.entry(key);
            return e == null ? where : e.value().location();
        }

        SourceLocation keyAt(String key) {
            YEntry e = map == null ? null : map.entry(key);
            return e == null ? where : e.keyLocation();
        }

        YNode node(String key, boolean required, String hint) {
            known.add(key);
            YNode n = map == null ? null : map.get(key);
            if (n == null && required) {
                problem(where, "missing required key '" + key + "' in " + context + " (" + hint + ")");
            }
            return n;
        }

        /** A non-null scalar, or null after a wrong-type problem. */
        YScalar scalar(String key, YNode n, String expected) {
            if (n instanceof YScalar s && !s.isNull()) {
                return s;
            }
            problem(n.location(), "'" + key + "' in " + context + " must be " + expected + ", not " + n.describe());
            return null;
        }

        String text(String key, boolean required) {
            YNode n = node(key, required, "text");
            if (n == null) {
                return null;
            }
            if (n instanceof YScalar s && (s.isNull() || s.text().isEmpty()) && s.kind() != ScalarKind.BOOL) {
                if (required) {
                    problem(s.location(), "'" + key + "' in " + context + " is empty; write some text");
                    return null;
                }
                return "";
            }
            YScalar s = scalar(key, n, "text");
            return s == null ? null : s.text();
        }

        String id(String key, boolean required, String what) {
            YNode n = node(key, required, "the id of " + what);
            if (n == null) {
                return null;
            }
            YScalar s = scalar(key, n, "an id such as " + exampleId(what));
            if (s == null) {
                return null;
            }
            if (!ID.matcher(s.text()).matches()) {
                problem(s.location(), "'" + key + "' in " + context + ": " + quote(s.text()) + " is not a valid id;"
                        + " use letters, digits, '-', '_', '.' or ':' (up to 64), such as " + exampleId(what));
                return null;
            }
            return s.text();
        }

        Long size(String key, boolean required) {
            return unit(key, required, "a size such as 4KiB, 2MiB or 0x1000", Units::parseSize);
        }

        /** An unsigned 64-bit IOVA (up to 0xffffffffffffffff), as the kernel's u64. */
        Long iova(String key, boolean required) {
            return unit(key, required, "an IOVA such as 0x100000 or 0xfffffffffffff000", Units::parseIova);
        }

        Long rate(String key, boolean required) {
            return unit(key, required, "a rate such as 200MiB/s or 10Gbit/s", Units::parseRate);
        }

        Long time(String key, boolean required) {
            return unit(key, required, "a time such as 300ms, 2s or 50us", Units::parseTime);
        }

        Long integer(String key, boolean required, long min, long max) {
            Long v = unit(key, required, "a whole number", Units::parseInteger);
            if (v != null && (v < min || v > max)) {
                problem(at(key), "'" + key + "' in " + context + " is " + v + "; it must be between " + min
                        + " and " + max);
                return null;
            }
            return v;
        }

        private Long unit(String key, boolean required, String expected, Function<String, Long> parser) {
            YNode n = node(key, required, expected);
            if (n == null) {
                return null;
            }
            return parseUnit(key, n, context, expected, parser);
        }

        Boolean bool(String key, boolean required) {
            YNode n = node(key, required, "true or false");
            if (n == null) {
                return null;
            }
            return parseBool(key, n, context);
        }

        Double ratio(String key) {
            YNode n = node(key, false, "a number from 0 to 1");
            if (n == null) {
                return null;
            }
            YScalar s = scalar(key, n, "a number from 0 to 1 such as 0.3");
            if (s == null) {
                return null;
            }
            double d;
            try {
                if (s.kind() == ScalarKind.BOOL || s.text().strip().matches(".*[^0-9.eE+-].*")) {
                    throw new NumberFormatException();
                }
                d = Double.parseDouble(s.text().strip());
            } catch (NumberFormatException e) {
                problem(s.location(), "'" + key + "' in " + context + " must be a number from 0 to 1 such as 0.3,"
                        + " not " + s.describe());
                return null;
            }
            if (!(d >= 0.0 && d <= 1.0)) {
                problem(s.location(), "'" + key + "' in " + context + " is " + s.text() + "; it must be between 0"
                        + " and 1 (0: all writes, 1: all reads)");
                return null;
            }
            return d;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, boolean required, String what) {
            YNode n = node(key, required, "one of " + String.join(", ", names(type)));
            if (n == null) {
                return null;
            }
            return parseEnum(key, n, type, what, context);
        }

        <E extends Enum<E>> Set<E> enumSet(String key, Class<E> type, String what) {
            YNode n = node(key, false, "");
            Set<E> out = EnumSet.noneOf(type);
            if (n == null) {
                return out;
            }
            if (n instanceof YScalar s && s.isNull()) {
                return out;
            }
            if (!(n instanceof YSeq seq)) {
                problem(n.location(), "'" + key + "' in " + context + " must be a list such as ["
                        + names(type).get(0) + "], not " + n.describe());
                return out;
            }
            Map<E, SourceLocation> seen = new LinkedHashMap<>();
            for (YNode item : seq.items()) {
                E e = parseEnum(key, item, type, what, context);
                if (e != null) {
                    if (seen.containsKey(e)) {
                        problem(item.location(), what + " '" + YamlName.of(e) + "' is listed twice in '" + key
                                + "' of " + context + "; list it once");
                    }
                    seen.putIfAbsent(e, item.location());
                }
            }
            out.addAll(seen.keySet());
            return out;
        }

        YMap map(String key, boolean required) {
            YNode n = node(key, required, "a mapping");
            if (n == null || (n instanceof YScalar s && s.isNull() && !required)) {
                return null;
            }
            if (n instanceof YMap m) {
                return m;
            }
            problem(n.location(), "'" + key + "' in " + context + " must be a mapping of keys to values, not "
                    + n.describe());
            return null;
        }

        YSeq seq(String key, boolean required, String example) {
            YNode n = node(key, required, "a list");
            if (n == null) {
                return null;
            }
            if (n instanceof YSeq s) {
                return s;
            }
            if (n instanceof YScalar s && (s.isNull() || (s.kind() == ScalarKind.STRING && s.text().isEmpty()))) {
                return new YSeq(List.of(), s.location());
            }
            problem(n.location(), "'" + key + "' in " + context + " must be a list, such as " + example + ", not "
                    + n.describe());
            return null;
        }

        void finish() {
            if (map == null) {
                return;
            }
            for (YEntry e : map.entries().values()) {
                if (!known.contains(e.key())) {
                    String dym = Suggest.didYouMean(e.key(), known);
                    problem(e.keyLocation(), "unknown key " + quote(e.key()) + " in " + context
                            + (dym.isEmpty() ? "; expected one of: " + String.join(", ", known) : dym));
                }
            }
        }
    }

    private static String exampleId(String what) {
        return switch (what) {
            case "an IOMMU" -> "iommu0";
            case "a device" -> "dev0";
            case "an IOAS" -> "ioas0";
            case "a HWPT" -> "hwpt0";
            default -> "obj0";
        };
    }

    Long parseUnit(String key, YNode n, String context, String expected, Function<String, Long> parser) {
        if (!(n instanceof YScalar s) || s.isNull() || s.kind() == ScalarKind.BOOL) {
            problem(n.location(), "'" + key + "' in " + context + " must be " + expected + ", not " + n.describe());
            return null;
        }
        try {
            return parser.apply(s.text());
        } catch (Units.UnitFormatException e) {
            problem(s.location(), "'" + key + "' in " + context + ": " + e.getMessage());
            return null;
        }
    }

    Boolean parseBool(String key, YNode n, String context) {
        if (n instanceof YScalar s && s.kind() == ScalarKind.BOOL) {
            return Boolean.parseBoolean(s.text());
        }
        problem(n.location(), "'" + key + "' in " + context + " must be true or false, not " + n.describe());
        return null;
    }

    <E extends Enum<E>> E parseEnum(String key, YNode n, Class<E> type, String what,
            String context) {
        List<String> names = names(type);
        if (!(n instanceof YScalar s) || s.isNull()) {
            problem(n.location(), "'" + key + "' in " + context + " must be one of " + String.join(", ", names)
                    + ", not " + n.describe());
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (YamlName.of(e).equals(s.text())) {
                return e;
            }
        }
        problem(s.location(), "unknown " + what + " " + quote(s.text()) + " in " + context
                + Suggest.didYouMean(s.text(), names) + " (expected one of: " + String.join(", ", names) + ")");
        return null;
    }

    static boolean isPowerOfTwo(long v) {
        return v > 0 && (v & (v - 1)) == 0;
    }

    // =============================================================================================== top level

    private static final String TOP = "the top level";

    private Topology topology(YNode root) {
        if (root == null || (root instanceof YScalar s && s.isNull())) {
            problem(SourceLocation.startOf(file), "the file is empty; a topology needs at least 'name', 'iommus',"
                    + " 'vm' and 'devices'");
            return null;
        }
        if (!(root instanceof YMap top)) {
            problem(root.location(), "a topology file must be a mapping with keys name, iommus, vm, devices, ...;"
                    + " found " + root.describe());
            return null;
        }
        Args a = new Args(top, TOP, top.location());
        String name = a.text("name", true);
        String description = a.text("description", false);
        Long seed = a.integer("seed", false, 0, Long.MAX_VALUE);
        YSeq iommuSeq = a.seq("iommus", true, "[{id: iommu0, model: amd-v1}]");
        YMap vmMap = a.map("vm", true);
        YSeq deviceSeq = a.seq("devices", true, "[{id: dev0, kind: nic, iommu: iommu0}]");
        YMap migMap = a.map("migration", false);
        YSeq stepSeq = a.seq("steps", false, "[{ioas-alloc: {id: ioas0}}]");
        a.finish();

        List<IommuSpec> iommus = iommus(iommuSeq);
        VmSpec vm = vmMap == null ? null : vm(vmMap, iommus);
        long memory = vm == null ? Long.MAX_VALUE : vm.memory();
        List<DeviceSpec> devices = devices(deviceSeq, iommus, memory);
        MigrationSpec migration = migMap == null ? null
                : migration(new Args(migMap, "migration", migMap.location()), null);
        List<Step> steps = stepSeq == null ? List.of() : new StepParser(this, iommus, vm, devices, migration)
                .steps(stepSeq);
        if (name == null || vm == null || iommuSeq == null || deviceSeq == null) {
            return null;
        }
        return new Topology(name, description == null ? "" : description,
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed), iommus, vm, devices,
                Optional.ofNullable(migration), steps, file);
    }

    // ================================================================================================== iommus

    private List<IommuSpec> iommus(YSeq seq) {
        List<IommuSpec> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        Map<String, SourceLocation> ids = new LinkedHashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YNode n = seq.items().get(i);
            if (!(n instanceof YMap m)) {
                problem(n.location(), "each entry of 'iommus' must be a mapping such as {id: iommu0, model: amd-v1},"
                        + " not " + n.describe());
                continue;
            }
            String id = peekId(m);
            if (id != null) {
                declaredIommus.add(id);
            }
            String ctx = id != null ? "iommu '" + id + "'" : "iommus[" + i + "]";
            Args a = new Args(m, ctx, m.location());
            id = a.id("id", true, "an IOMMU");
            if (id != null) {
                SourceLocation prev = ids.putIfAbsent(id, a.at("id"));
                if (prev != null) {
                    problem(a.at("id"), "duplicate iommu id '" + id + "'; it is already used at line " + prev.line()
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

    private static String peekId(YMap m) {
        return m.get("id") instanceof YScalar s && !s.isNull() && ID.matcher(s.text()).matches() ? s.text() : null;
    }

    private IommuSpec iommu(Args a, String id) {
        Model model = a.enumValue("model", Model.class, true, "IOMMU model");
        boolean hasLevels = a.has("levels");
        boolean hasStage = a.has("stage");
        boolean hasGranule = a.has("granule");
        boolean hasMode = a.has("mode");
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
            Args t = new Args(iotlbMap, a.context + " iotlb", iotlbMap.location());
            Long entries = t.integer("entries", true, 1, 1 << 20);
            Long ways = t.integer("ways", false, 1, 1 << 20);
            t.finish();
            if (entries != null && ways != null && entries % ways != 0) {
                problem(t.at("ways"), "'ways' " + ways + " in " + t.context + " does not divide 'entries' " + entries
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
            problem(a.keyAt("levels"), "'levels' does not apply to " + ctx + "; " + paramsHint(model));
            ok = false;
        }
        if (model != Model.SMMUV3 && (hasStage || hasGranule)) {
            problem(a.keyAt(hasStage ? "stage" : "granule"), "'" + (hasStage ? "stage" : "granule")
                    + "' does not apply to " + ctx + "; " + paramsHint(model));
            ok = false;
        }
        if (model != Model.RISCV && hasMode) {
            problem(a.keyAt("mode"), "'mode' does not apply to " + ctx + "; " + paramsHint(model));
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
                        problem(a.at("levels"), "'levels' in " + ctx + " is " + levels + "; " + model.yamlName()
                                + " page tables have " + min + " to " + max + " levels");
                        ok = false;
                    }
                    lv = levels.intValue();
                } else if (hasLevels) {
                    ok = false;
                }
                params = model == Model.AMD_V1 ? new IommuSpec.AmdV1(lv) : new IommuSpec.VtdSs(lv);
            }
            case SMMUV3 -> {
                int st = 2;
                long gr = 4 * Units.KiB;
                if (stage != null) {
                    if (stage != 1 && stage != 2) {
                        problem(a.at("stage"), "'stage' in " + ctx + " is " + stage + "; an SMMUv3 translates at"
                                + " stage 1 or stage 2");
                        ok = false;
                    }
                    st = stage.intValue();
                } else if (hasStage) {
                    ok = false;
                }
                if (granule != null) {
                    if (granule != 4 * Units.KiB && granule != 16 * Units.KiB && granule != 64 * Units.KiB) {
                        problem(a.at("granule"), "'granule' in " + ctx + " is " + Units.formatSize(granule)
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

    private static long largestDivisorAtMost(long n, long atMost) {
        for (long d = Math.min(n, atMost); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    private static String paramsHint(Model model) {
        return switch (model) {
            case AMD_V1 -> "amd-v1 takes 'levels' (3 to 6)";
            case VTD_SS -> "vtd-ss takes 'levels' (3 to 5)";
            case SMMUV3 -> "smmuv3 takes 'stage' (1 or 2) and 'granule' (4KiB, 16KiB or 64KiB)";
            case RISCV -> "riscv takes 'mode' (sv39, sv48 or sv57)";
            case MOCK -> "mock takes no model parameters";
        };
    }

    // ====================================================================================================== vm

    private VmSpec vm(YMap m, List<IommuSpec> iommus) {
        Args a = new Args(m, "vm", m.location());
        Long memory = a.size("memory", true);
        Long vcpus = a.integer("vcpus", false, 1, 4096);
        Long hugepages = a.size("hugepages", false);
        YMap workloadMap = a.map("vcpu-workload", false);
        YMap dirtyLogMap = a.map("dirty-log", false);
        a.finish();
        boolean ok = memory != null && (vcpus != null || !a.has("vcpus"))
                && (hugepages != null || !a.has("hugepages"));
        if (memory != null && memory > io.ioptexplorer.hardware.kvm.VcpuDirtyLog.MAX_GUEST_MEMORY) {
            long max = io.ioptexplorer.hardware.kvm.VcpuDirtyLog.MAX_GUEST_MEMORY;
            problem(a.at("memory"), "'memory' in vm is " + Units.formatSize(memory) + ", more than the simulator can"
                    + " carry: the largest guest it can simulate has " + Units.formatSize(max) + " (" + hex(max)
                    + " bytes, one KVM dirty bitmap of at most 2^31-1 words); use at most that");
            memory = null;
            ok = false;
        } else if (memory != null && memory == 0) {
            problem(a.at("memory"), "'memory' in vm is 0; give the guest some memory, such as 4GiB");
            ok = false;
        }
        long backing = hugepages == null ? 4 * Units.KiB : hugepages;
        if (hugepages != null) {
            Set<Long> usable = new java.util.TreeSet<>();
            usable.add(4 * Units.KiB);
            for (IommuSpec i : iommus) {
                usable.addAll(i.pageSizes());
            }
            if (!isPowerOfTwo(hugepages)) {
                problem(a.at("hugepages"), "'hugepages' in vm is " + Units.formatSize(hugepages) + ", not a power of"
                        + " two; page sizes are powers of two such as 4KiB, 2MiB or 1GiB");
                ok = false;
            } else if (!usable.contains(hugepages)) {
                problem(a.at("hugepages"), "'hugepages' in vm is " + Units.formatSize(hugepages) + ", a page size"
                        + " no IOMMU here can use; use one of " + usable.stream().filter(s -> s <= 64 * Units.GiB)
                        .map(Units::formatSize).map(s -> s.replace(" ", "")).collect(Collectors.joining(", ")));
                ok = false;
            } else if (memory != null && memory % hugepages != 0) {
                problem(a.at("memory"), "'memory' in vm (" + Units.formatSize(memory) + ") is not a whole number of"
                        + " " + Units.formatSize(hugepages) + " huge pages; make it a multiple of 'hugepages'");
                ok = false;
            }
        }
        long mem = memory == null ? Long.MAX_VALUE : memory;
        WorkloadSpec workload = null;
        if (workloadMap != null) {
            workload = workload(new Args(workloadMap, "vm vcpu-workload", workloadMap.location()), mem);
            ok &= workload != null;
        }
        VmSpec.DirtyLog dirtyLog = VmSpec.DirtyLog.BITMAP;
        if (dirtyLogMap != null) {
            Args d = new Args(dirtyLogMap, "vm dirty-log", dirtyLogMap.location());
            VmSpec.DirtyLogMode mode = d.enumValue("mode", VmSpec.DirtyLogMode.class, true, "dirty-log mode");
            Long ring = d.integer("ring-size", false, 1, Integer.MAX_VALUE);
            d.finish();
            if (mode == null || (ring == null && d.has("ring-size"))) {
                ok = false;
            } else if (mode == VmSpec.DirtyLogMode.BITMAP && ring != null) {
                problem(d.keyAt("ring-size"), "'ring-size' in vm dirty-log applies to mode: ring only; remove it or"
                        + " set mode: ring");
                ok = false;
            } else if (ring != null && (!isPowerOfTwo(ring) || ring < 16 || ring > 65536)) {
                problem(d.at("ring-size"), "'ring-size' in vm dirty-log is " + ring + "; KVM dirty rings hold a"
                        + " power of two between 16 and 65536 entries, such as 4096");
                ok = false;
            } else {
                dirtyLog = new VmSpec.DirtyLog(mode, mode == VmSpec.DirtyLogMode.RING
                        ? (ring == null ? VmSpec.DirtyLog.DEFAULT_RING_SIZE : ring.intValue()) : 0);
            }
        }
        if (!ok) {
            return null;
        }
        return new VmSpec(memory, vcpus == null ? 1 : vcpus.intValue(), backing, Optional.ofNullable(workload),
                dirtyLog, m.location());
    }

    WorkloadSpec workload(Args a, long memory) {
        Long rate = a.rate("rate", true);
        Long size = a.size("size", false);
        WorkloadSpec.Pattern pattern = a.enumValue("pattern", WorkloadSpec.Pattern.class, false, "pattern");
        Long workingSet = a.size("working-set", false);
        Double readRatio = a.ratio("read-ratio");
        a.finish();
        boolean ok = rate != null && (size != null || !a.has("size")) && (pattern != null || !a.has("pattern"))
                && (workingSet != null || !a.has("working-set")) && (readRatio != null || !a.has("read-ratio"));
        long sz = size == null ? WorkloadSpec.DEFAULT_SIZE : size;
        long ws = workingSet == null ? (memory == Long.MAX_VALUE ? 0 : memory) : workingSet;
        if (size != null && size == 0) {
            problem(a.at("size"), "'size' in " + a.context + " is 0; each access moves at least 1 byte, such as 4KiB");
            ok = false;
        }
        if (workingSet != null && workingSet == 0) {
            problem(a.at("working-set"), "'working-set' in " + a.context + " is 0; give it some memory, such as"
                    + " 32MiB");
            ok = false;
        } else if (workingSet != null && memory != Long.MAX_VALUE && workingSet > memory) {
            problem(a.at("working-set"), "'working-set' in " + a.context + " (" + Units.formatSize(workingSet)
                    + ") is larger than the guest memory (" + Units.formatSize(memory) + "); make it at most"
                    + " vm.memory");
            ok = false;
        } else if (ok && ws > 0 && sz > ws) {
            problem(a.at("size"), "'size' in " + a.context + " (" + Units.formatSize(sz) + ") is larger than the"
                    + " working set (" + Units.formatSize(ws) + ")");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new WorkloadSpec(rate, sz, pattern == null ? WorkloadSpec.Pattern.RANDOM : pattern, ws,
                readRatio == null ? 0.0 : readRatio, a.where);
    }

    // ================================================================================================= devices

    private List<DeviceSpec> devices(YSeq seq, List<IommuSpec> iommus, long memory) {
        List<DeviceSpec> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        Map<String, SourceLocation> ids = new LinkedHashMap<>();
        List<String> iommuIds = List.copyOf(declaredIommus);
        for (int i = 0; i < seq.items().size(); i++) {
            YNode n = seq.items().get(i);
            if (!(n instanceof YMap m)) {
                problem(n.location(), "each entry of 'devices' must be a mapping such as {id: dev0, kind: nic,"
                        + " iommu: iommu0}, not " + n.describe());
                continue;
            }
            String peek = peekId(m);
            if (peek != null) {
                declaredDevices.add(peek);
            }
            Args a = new Args(m, peek != null ? "device '" + peek + "'" : "devices[" + i + "]", m.location());
            String id = a.id("id", true, "a device");
            boolean ok = id != null;
            if (id != null) {
                SourceLocation prev = ids.putIfAbsent(id, a.at("id"));
                if (prev != null) {
                    problem(a.at("id"), "duplicate device id '" + id + "'; it is already used at line " + prev.line()
                            + ", column " + prev.column() + "; give each device its own id");
                    ok = false;
                }
            }
            DeviceSpec.Kind kind = a.enumValue("kind", DeviceSpec.Kind.class, true, "device kind");
            String iommu = a.id("iommu", false, "an IOMMU");
            Set<DeviceSpec.MigrationFlag> flags = a.enumSet("migration-flags", DeviceSpec.MigrationFlag.class,
                    "migration flag");
            YNode trackerNode = a.node("tracker", false, "");
            YMap workloadMap = a.map("workload", false);
            MigrationSpec.DirtyTracking dt = a.enumValue("dirty-tracking", MigrationSpec.DirtyTracking.class, false,
                    "dirty-tracking mode");
            Boolean hotplug = a.bool("hotplug", false);
            a.finish();
            ok &= kind != null && (iommu != null || !a.has("iommu")) && (dt != null || !a.has("dirty-tracking"));
            if (kind != null && kind != DeviceSpec.Kind.EMULATED && iommu == null && !a.has("iommu")) {
                problem(a.where, "missing required key 'iommu' in " + a.context + " (the id of its IOMMU"
                        + (iommuIds.isEmpty() ? "" : ", one of: " + String.join(", ", iommuIds))
                        + "); only emulated devices sit behind no IOMMU");
                ok = false;
            }
            if (iommu != null && !iommuIds.contains(iommu)) {
                problem(a.at("iommu"), a.context + " names iommu '" + iommu + "', which is not defined"
                        + Suggest.didYouMean(iommu, iommuIds) + (iommuIds.isEmpty() ? "; add it under 'iommus'"
                        : " (iommus: " + String.join(", ", iommuIds) + ")"));
                ok = false;
            }
            if (!flags.isEmpty() && !flags.contains(DeviceSpec.MigrationFlag.STOP_COPY)) {
                problem(a.at("migration-flags"), "'migration-flags' in " + a.context + " lacks stop-copy; VFIO"
                        + " requires every migratable device to support stop-copy; add it, or leave the list empty"
                        + " for a device that cannot migrate");
                ok = false;
            }
            TrackerSpec tracker = trackerNode == null ? TrackerSpec.none(a.where) : tracker(trackerNode, a.context);
            ok &= tracker != null;
            if (tracker != null && tracker.isNone() && dt == MigrationSpec.DirtyTracking.DEVICE) {
                problem(a.at("dirty-tracking"), a.context + " asks for dirty-tracking: device but has no device"
                        + " tracker; add a tracker such as {kind: mlx5, max-ranges: 4, page-sizes: [4KiB]} or use"
                        + " iommu, auto or none");
                ok = false;
            }
            WorkloadSpec workload = null;
            if (workloadMap != null) {
                workload = workload(new Args(workloadMap, a.context + " workload", workloadMap.location()), memory);
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

    private TrackerSpec tracker(YNode n, String device) {
        String ctx = device + " tracker";
        if (n instanceof YScalar s && !s.isNull()) {
            if (s.text().equals("none")) {
                return TrackerSpec.none(s.location());
            }
            problem(s.location(), "'tracker' in " + device + " must be none or a mapping such as {kind: mlx5,"
                    + " max-ranges: 4, page-sizes: [4KiB, 2MiB]}, not " + s.describe());
            return null;
        }
        if (!(n instanceof YMap m)) {
            problem(n.location(), "'tracker' in " + device + " must be none or a mapping such as {kind: mlx5,"
                    + " max-ranges: 4, page-sizes: [4KiB, 2MiB]}, not " + n.describe());
            return null;
        }
        Args a = new Args(m, ctx, m.location());
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
                problem(a.keyAt(a.has("max-ranges") ? "max-ranges" : "page-sizes"), "a tracker of kind none takes"
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
            Long size = parseUnit("page-sizes", item, ctx, "a size such as 4KiB", Units::parseSize);
            if (size == null) {
                ok = false;
            } else if (!isPowerOfTwo(size) || size < 4 * Units.KiB) {
                problem(item.location(), "page size " + Units.formatSize(size) + " in " + ctx + " is impossible;"
                        + " tracking page sizes are powers of two of at least 4KiB, such as 4KiB or 2MiB");
                ok = false;
            } else if (pageSizes.contains(size)) {
                problem(item.location(), "page size " + Units.formatSize(size) + " is listed twice in " + ctx);
                ok = false;
            } else {
                pageSizes.add(size);
            }
        }
        if (ok && pageSizes.isEmpty()) {
            problem(sizes.location(), "'page-sizes' in " + ctx + " is empty; list at least one, such as [4KiB]");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        pageSizes.sort(null);
        return new TrackerSpec(kind, maxRanges.intValue(), pageSizes, m.location());
    }

    // =============================================================================================== migration

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
            problem(a.at("bandwidth"), "'bandwidth' in " + a.context + " is 0; a migration needs a link, such as"
                    + " 10Gbit/s");
            ok = false;
        }
        if (downtime != null && downtime == 0) {
            problem(a.at("downtime-limit"), "'downtime-limit' in " + a.context + " is 0; no migration can stop the"
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

    // =================================================================================================== steps

}

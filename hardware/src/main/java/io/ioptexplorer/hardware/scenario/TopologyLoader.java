package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.scenario.YNode.ScalarKind;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads a topology/scenario YAML file into a validated {@link Topology}, or throws a {@link TopologyException}
 * listing every problem found, each at its {@code file:line:column}. Validation needs no simulation: structure,
 * types, units, enum values, ranges, ids and references, alignment and overlaps of mappings.
 */
public final class TopologyLoader {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

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

    static <E extends Enum<E>> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlName::of).toList();
    }

    // ============================================================================================ typed access

    static String exampleId(String what) {
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
        Args a = new Args(this, top, TOP, top.location());
        String name = a.text("name", true);
        String description = a.text("description", false);
        Long seed = a.integer("seed", false, 0, Long.MAX_VALUE);
        YSeq iommuSeq = a.seq("iommus", true, "[{id: iommu0, model: amd-v1}]");
        YMap vmMap = a.map("vm", true);
        YSeq deviceSeq = a.seq("devices", true, "[{id: dev0, kind: nic, iommu: iommu0}]");
        YMap migMap = a.map("migration", false);
        YSeq stepSeq = a.seq("steps", false, "[{ioas-alloc: {id: ioas0}}]");
        a.finish();

        List<IommuSpec> iommus = new IommuSection(this).iommus(iommuSeq);
        VmSpec vm = vmMap == null ? null : new VmSection(this).vm(vmMap, iommus);
        long memory = vm == null ? Long.MAX_VALUE : vm.memory();
        List<DeviceSpec> devices = new DeviceSection(this).devices(deviceSeq, iommus, memory);
        MigrationSpec migration = migMap == null ? null
                : migration(new Args(this, migMap, "migration", migMap.location()), null);
        List<Step> steps = stepSeq == null ? List.of() : new StepParser(this, iommus, vm, devices, migration)
                .steps(stepSeq);
        if (name == null || vm == null || iommuSeq == null || deviceSeq == null) {
            return null;
        }
        return new Topology(name, description == null ? "" : description,
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed), iommus, vm, devices,
                Optional.ofNullable(migration), steps, file);
    }

    // ================================================================================================ sections

    /** Workload keys, for the vm section, devices and workload steps. */
    WorkloadSpec workload(Args a, long memory) {
        return new VmSection(this).workload(a, memory);
    }

    /** Parses migration settings; with {@code base}, absent keys take its values (a migrate step's overrides). */
    MigrationSpec migration(Args a, MigrationSpec base) {
        return new MigrationSection(this).migration(a, base);
    }

    // =================================================================================================== steps

}

package io.ioptexplorer.hardware.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step operation registry: each operation defined once, with its arguments, typed record, results and how its
 * arguments combine. The parser takes its operation names, argument keys and result types from here, the executor
 * runs each operation with the handler registered for its typed record ({@code run.StepHandlers}, which refuses to
 * load unless it covers this registry exactly), and both READMEs' step tables are this registry rendered
 * ({@link #table()}; a test keeps them in step).
 */
public final class StepOps {
    private StepOps() {
    }

    /** How an expected result is written and stored in {@link Expect}. */
    public enum ResultType {
        /** true/false; stored as Boolean. */
        BOOL,
        /** a whole number; Long. */
        COUNT,
        /** a size; Long bytes. */
        SIZE,
        /** an IOVA: an unsigned 64-bit address; Long. */
        IOVA,
        /** a time; Long nanoseconds. */
        TIME,
        /** a migration outcome: completed, failed, aborted, blocked; String. */
        OUTCOME,
        /** a VFIO state name; String. */
        STATE,
        /** a list of VFIO state names; List of String. */
        STATES,
        /** a string of 0 and 1 (bit 0 first) or a list of set bit numbers; BitSet. */
        BITMAP,
        /** a list of sizes; List of Long. */
        SIZES,
        /** an IOMMU model name; String. */
        MODEL,
        /** what the VMM did with a hot-plugged device: none, second-hwpt, suspend, block; String. */
        FALLBACK
    }

    public static final List<String> FALLBACKS = List.of("none", "second-hwpt", "suspend", "block");

    public static final List<String> OUTCOMES = List.of("completed", "failed", "cancelled", "blocked");

    /** One argument of an operation: its key, whether it is required, and what it takes, as the tables say it. */
    public record Arg(String key, boolean required, String doc) {
        /** The README cell: {@code `key*` doc}. */
        String cell() {
            return "`" + key + (required ? "*" : "") + "`" + (doc.isEmpty() ? "" : " " + doc);
        }
    }

    /** One result {@code expect} may check: its key, type, and a note for the tables. */
    public record Result(String key, ResultType type, String doc) {
        String cell() {
            return "`" + key + "`" + (doc.isEmpty() ? "" : " " + doc);
        }
    }

    /**
     * One step operation, defined once: its arguments, the typed record the parser builds and the executor runs
     * ({@code args}), its results, and a note on how arguments combine. The parser's keys, the executor's dispatch
     * (by record type) and both READMEs' tables are read from or tested against this.
     *
     * @param openKeys     true when the operation also takes keys of another section (workload, migration keys)
     * @param iommufdSetup true for steps that build IOAS/HWPT objects (without any, the VMM builds them)
     */
    public record Operation(String name, Class<? extends StepArgs> args, List<Arg> arguments, String argNote,
                            List<Result> results, String resultNote, boolean openKeys, boolean iommufdSetup) {
        public Operation {
            arguments = List.copyOf(arguments);
            results = List.copyOf(results);
        }

        /** The argument keys, in table order. */
        public List<String> keys() {
            return arguments.stream().map(Arg::key).toList();
        }

        /** This operation's row of the README's step table. */
        public String tableRow() {
            String a = String.join(", ", arguments.stream().map(Arg::cell).toList());
            a = argNote.isEmpty() ? a : a.isEmpty() ? argNote : a + "; " + argNote;
            String r = String.join(", ", results.stream().map(Result::cell).toList());
            r = resultNote.isEmpty() ? r : r + "; " + resultNote;
            return "| `" + name + "` |" + cell(a) + "|" + cell(r) + "|";
        }

        private static String cell(String text) {
            return text.isEmpty() ? " " : " " + text + " ";
        }
    }

    private static Arg req(String key) {
        return new Arg(key, true, "");
    }

    private static Arg req(String key, String doc) {
        return new Arg(key, true, doc);
    }

    private static Arg opt(String key) {
        return new Arg(key, false, "");
    }

    private static Arg opt(String key, String doc) {
        return new Arg(key, false, doc);
    }

    private static Result res(String key, ResultType type) {
        return new Result(key, type, "");
    }

    private static Result res(String key, ResultType type, String doc) {
        return new Result(key, type, doc);
    }

    private static final Result BITMAP = res("bitmap", ResultType.BITMAP);
    private static final Result DIRTY_BITS = res("dirty-bits", ResultType.COUNT);

    /** Every operation, in the tables' order. */
    public static final List<Operation> REGISTRY = List.of(
            new Operation("ioas-alloc", StepArgs.IoasAlloc.class, List.of(req("id")), "", List.of(), "", false, true),
            new Operation("ioas-option", StepArgs.IoasOption.class, List.of(req("ioas"), req("huge-pages")), "",
                    List.of(), "", false, true),
            new Operation("ioas-map", StepArgs.IoasMap.class, List.of(req("ioas"),
                    opt("iova", "(absent: the kernel picks)"), req("length"), opt("prot", "r/w/rw (default rw)"),
                    opt("guest-address", "(default iova)")), "", List.of(res("iova", ResultType.IOVA)), "", false,
                    true),
            new Operation("ioas-unmap", StepArgs.IoasUnmap.class, List.of(req("ioas"), req("iova"), req("length")), "",
                    List.of(res("unmapped", ResultType.SIZE)), "", false, true),
            new Operation("hwpt-alloc", StepArgs.HwptAlloc.class, List.of(req("id"), req("device"), req("ioas"),
                    opt("dirty-tracking"), opt("nest-parent")), "", List.of(), "", false, true),
            new Operation("attach", StepArgs.Attach.class, List.of(req("device"), opt("hwpt"), opt("ioas")),
                    "exactly one of `hwpt`, `ioas`", List.of(), "", false, true),
            new Operation("detach", StepArgs.Detach.class, List.of(req("device")), "", List.of(), "", false, true),
            new Operation("get-hw-info", StepArgs.GetHwInfo.class, List.of(req("device")), "",
                    List.of(res("dirty-tracking", ResultType.BOOL), res("model", ResultType.MODEL),
                            res("page-sizes", ResultType.SIZES)), "", false, false),
            new Operation("set-dirty-tracking", StepArgs.SetDirtyTracking.class, List.of(req("hwpt"), req("enable")),
                    "", List.of(), "", false, false),
            new Operation("get-dirty-bitmap", StepArgs.GetDirtyBitmap.class, List.of(req("hwpt"), req("iova"),
                    req("length"), req("page-size"), opt("no-clear")), "", List.of(BITMAP, DIRTY_BITS), "", false,
                    false),
            new Operation("dma", StepArgs.Dma.class, List.of(req("device"), req("iova"), req("length"),
                    opt("write", "(default true)"), opt("stride"),
                    opt("size", "(without stride: one access of `length`)")), "",
                    List.of(res("faults", ResultType.COUNT), res("iotlb-hits", ResultType.COUNT),
                            res("iotlb-misses", ResultType.COUNT), res("bytes", ResultType.SIZE)), "", false, false),
            new Operation("workload", StepArgs.Workload.class, List.of(req("duration"),
                    opt("source", "(a device id, or vcpus; absent: all)")),
                    "optional inline workload keys overriding", List.of(res("bytes", ResultType.SIZE),
                    res("dirty-pages", ResultType.COUNT)), "", true, false),
            new Operation("vcpu-write", StepArgs.VcpuWrite.class, List.of(req("gpa"), req("length"), opt("stride"),
                    opt("size")), "", List.of(res("dirty-pages", ResultType.COUNT)), "", false, false),
            new Operation("split", StepArgs.Split.class, List.of(req("hwpt"), req("iova"), req("length"),
                    opt("page-size")), "", List.of(res("leaves", ResultType.COUNT)), "", false, false),
            new Operation("collapse", StepArgs.Collapse.class, List.of(req("hwpt"), req("iova"), req("length")), "",
                    List.of(res("leaves", ResultType.COUNT)), "", false, false),
            new Operation("iotlb-invalidate", StepArgs.IotlbInvalidate.class, List.of(opt("iommu"), opt("hwpt"),
                    opt("iova"), opt("length")), "exactly one of `iommu`, `hwpt`; `iova` and `length` together or"
                    + " neither", List.of(res("entries", ResultType.COUNT)), "", false, false),
            new Operation("dma-logging-start", StepArgs.DmaLoggingStart.class, List.of(req("device"),
                    req("ranges", "(a list of `{iova, length}`; the kernel refuses an empty or overlapping list)"),
                    req("page-size")), "", List.of(res("page-size", ResultType.SIZE,
                    "(the size the driver chose and wrote back)")), "", false, false),
            new Operation("dma-logging-report", StepArgs.DmaLoggingReport.class, List.of(req("device"), req("iova"),
                    req("length"), req("page-size")), "", List.of(BITMAP, DIRTY_BITS), "", false, false),
            new Operation("dma-logging-stop", StepArgs.DmaLoggingStop.class, List.of(req("device")), "", List.of(),
                    "", false, false),
            new Operation("type1-dirty", StepArgs.Type1Dirty.class, List.of(req("action",
                    "start/stop/get-bitmap (`type1-dirty: start` works too)"), opt("iova"), opt("length"),
                    opt("page-size")), "get-bitmap needs `iova`, `length`, `page-size`", List.of(BITMAP, DIRTY_BITS),
                    "", false, false),
            new Operation("mig-state", StepArgs.MigState.class, List.of(req("device"),
                    req("state", "(a VFIO state name)")), "", List.of(res("path", ResultType.STATES),
                    res("state", ResultType.STATE)), "", false, false),
            new Operation("hotplug", StepArgs.Hotplug.class, List.of(req("device",
                    "(declared with `hotplug: true`)")), "", List.of(res("dirty-tracking", ResultType.BOOL,
                    "(whether it ended on a dirty-tracking HWPT)"), res("fallback", ResultType.FALLBACK,
                    "(none/second-hwpt/suspend/block: what the VMM did when the dirty HWPT refused it)")), "", false,
                    false),
            new Operation("migrate", StepArgs.Migrate.class, List.of(), "any `migration` key, overriding the"
                    + " topology's", List.of(res("result", ResultType.OUTCOME,
                    "(completed/failed/cancelled/blocked)"), res("lost-pages", ResultType.COUNT),
                    res("rounds", ResultType.COUNT), res("downtime", ResultType.TIME),
                    res("downtime-at-most", ResultType.TIME), res("transferred", ResultType.SIZE),
                    res("total-time", ResultType.TIME)), "after an earlier completed migration also `source-resumed`",
                    true, false),
            new Operation("narrate", StepArgs.Narrate.class, List.of(), "a caption (text)", List.of(), "", false,
                    false));

    private static final Map<String, Operation> BY_NAME = new LinkedHashMap<>();

    static {
        for (Operation o : REGISTRY) {
            BY_NAME.put(o.name(), o);
        }
    }

    /** The operation names, in the tables' order. */
    public static final List<String> OPS = List.copyOf(BY_NAME.keySet());

    /** The operation named {@code op}, or null. */
    public static Operation operation(String op) {
        return BY_NAME.get(op);
    }

    /** The operation whose typed arguments are {@code args}. */
    public static Operation operationOf(StepArgs args) {
        for (Operation o : REGISTRY) {
            if (o.args().isInstance(args)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no operation runs " + args.getClass().getSimpleName());
    }

    /** The README's step table, rendered from the registry. */
    public static String table() {
        StringBuilder sb = new StringBuilder("| Operation | Arguments (`*` required) | `expect` results |\n"
                + "|-----------|--------------------------|------------------|\n");
        for (Operation o : REGISTRY) {
            sb.append(o.tableRow()).append('\n');
        }
        return sb.toString();
    }

    public static boolean isOp(String op) {
        return BY_NAME.containsKey(op);
    }

    /** The results {@code expect} may name for {@code op}, with their types; empty if the op has none. */
    public static Map<String, ResultType> results(String op) {
        Operation o = BY_NAME.get(op);
        Map<String, ResultType> m = new LinkedHashMap<>();
        if (o != null) {
            o.results().forEach(r -> m.put(r.key(), r.type()));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Steps that build IOAS/HWPT objects; without any, the VMM builds them. */
    public static boolean isIommufdSetup(String op) {
        Operation o = BY_NAME.get(op);
        return o != null && o.iommufdSetup();
    }
}

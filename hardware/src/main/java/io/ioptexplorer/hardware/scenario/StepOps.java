package io.ioptexplorer.hardware.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The step operations and the results each one can be checked for with {@code expect}. */
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

    public static final List<String> OPS = List.of("ioas-alloc", "ioas-option", "ioas-map", "ioas-unmap",
            "hwpt-alloc", "attach", "detach", "get-hw-info", "set-dirty-tracking", "get-dirty-bitmap", "dma",
            "workload", "vcpu-write", "split", "collapse", "iotlb-invalidate", "dma-logging-start",
            "dma-logging-report", "dma-logging-stop", "type1-dirty", "mig-state", "migrate", "hotplug", "narrate");

    private static final Set<String> IOMMUFD_SETUP = Set.of("ioas-alloc", "ioas-option", "ioas-map", "ioas-unmap",
            "hwpt-alloc", "attach", "detach");

    private static final Map<String, Map<String, ResultType>> RESULTS = new LinkedHashMap<>();

    static {
        for (String op : OPS) {
            RESULTS.put(op, Map.of());
        }
        RESULTS.put("ioas-map", ordered("iova", ResultType.SIZE));
        RESULTS.put("ioas-unmap", ordered("unmapped", ResultType.SIZE));
        RESULTS.put("get-hw-info", ordered("dirty-tracking", ResultType.BOOL, "model", ResultType.MODEL,
                "page-sizes", ResultType.SIZES));
        RESULTS.put("get-dirty-bitmap", ordered("bitmap", ResultType.BITMAP, "dirty-bits", ResultType.COUNT));
        RESULTS.put("dma", ordered("faults", ResultType.COUNT, "iotlb-hits", ResultType.COUNT,
                "iotlb-misses", ResultType.COUNT, "bytes", ResultType.SIZE));
        RESULTS.put("workload", ordered("bytes", ResultType.SIZE, "dirty-pages", ResultType.COUNT));
        RESULTS.put("vcpu-write", ordered("dirty-pages", ResultType.COUNT));
        RESULTS.put("split", ordered("leaves", ResultType.COUNT));
        RESULTS.put("collapse", ordered("leaves", ResultType.COUNT));
        RESULTS.put("iotlb-invalidate", ordered("entries", ResultType.COUNT));
        RESULTS.put("dma-logging-start", ordered("page-size", ResultType.SIZE)); // written back by the driver
        RESULTS.put("dma-logging-report", ordered("bitmap", ResultType.BITMAP, "dirty-bits", ResultType.COUNT));
        RESULTS.put("type1-dirty", ordered("bitmap", ResultType.BITMAP, "dirty-bits", ResultType.COUNT));
        RESULTS.put("hotplug", ordered("dirty-tracking", ResultType.BOOL, "fallback", ResultType.FALLBACK));
        RESULTS.put("mig-state", ordered("path", ResultType.STATES, "state", ResultType.STATE));
        RESULTS.put("migrate", ordered("result", ResultType.OUTCOME, "lost-pages", ResultType.COUNT,
                "rounds", ResultType.COUNT, "downtime", ResultType.TIME, "downtime-at-most", ResultType.TIME,
                "transferred", ResultType.SIZE, "total-time", ResultType.TIME));
    }

    private static Map<String, ResultType> ordered(Object... kv) {
        Map<String, ResultType> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (ResultType) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public static boolean isOp(String op) {
        return RESULTS.containsKey(op);
    }

    /** The results {@code expect} may name for {@code op}, with their types; empty if the op has none. */
    public static Map<String, ResultType> results(String op) {
        return RESULTS.getOrDefault(op, Map.of());
    }

    /** Steps that build IOAS/HWPT objects; without any, the VMM builds them. */
    public static boolean isIommufdSetup(String op) {
        return IOMMUFD_SETUP.contains(op);
    }
}

package io.ioptexplorer.viewmodel.compare;

import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.run.ScenarioRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures a comparison sums, read from the run's JSON report tree (the documented contract, so the comparison
 * and {@code run --json} can never disagree). Call on the simulation thread.
 */
public final class RunFigures {
    private RunFigures() {
    }

    /** Name and value of every compared figure, in a fixed order. */
    public static Map<String, Long> of(ScenarioRun run) {
        Map<String, Object> tree = RunReport.tree(run);
        Map<String, Long> out = new LinkedHashMap<>();
        long invalidations = 0;
        long misses = 0;
        long hits = 0;
        for (Map<String, Object> u : list(tree.get("iommus"))) {
            for (Object n : map(u.get("invalidations")).values()) {
                invalidations += ((Number) n).longValue();
            }
            misses += number(map(u.get("iotlb")).get("misses"));
            hits += number(map(u.get("iotlb")).get("hits"));
        }
        long splits = 0;
        long collapses = 0;
        for (Map<String, Object> d : list(tree.get("domains"))) {
            splits += number(d.get("splits"));
            collapses += number(d.get("collapses"));
        }
        Map<String, Object> m = tree.get("migration") == null ? Map.of() : map(tree.get("migration"));
        out.put("bytes sent (last migration)", number(m.get("bytes-transferred")));
        out.put("downtime ns (last migration)", number(m.get("downtime-ns")));
        out.put("total time ns (last migration)", number(m.get("total-time-ns")));
        out.put("pre-copy rounds (last migration)", (long) list(m.get("rounds")).size());
        out.put("lost pages (last migration)", m.get("verification") == null ? 0
                : number(map(m.get("verification")).get("mismatches")));
        out.put("IOTLB invalidation commands", invalidations);
        out.put("IOTLB misses", misses);
        out.put("IOTLB hits", hits);
        out.put("leaf splits", splits);
        out.put("collapses", collapses);
        return out;
    }

    /** The figures of two runs, name by name. */
    public static List<Figure> compare(Map<String, Long> left, Map<String, Long> right) {
        List<Figure> out = new ArrayList<>();
        left.forEach((k, v) -> out.add(new Figure(k, v, right.getOrDefault(k, 0L))));
        return out;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}

package io.ioptexplorer.viewmodel.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two JSON report trees of the same topology: every value that differs, by its path
 * ({@code domains[hwpt0].leaves.4096}). List elements are named by their {@code id} or {@code hwpt} when they have
 * one, so a domain is compared with the same domain. The per-step list is left out: the steps themselves are what
 * moved the machine from one moment to the other.
 */
public final class ReportDiff {
    /** One value that changed; {@code before} or {@code after} is "" when the path exists on one side only. */
    public record Change(String path, String before, String after) {
    }

    private ReportDiff() {
    }

    public static List<Change> between(Map<String, Object> before, Map<String, Object> after) {
        Map<String, String> a = flatten(before);
        Map<String, String> b = flatten(after);
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, String> e : a.entrySet()) {
            String now = b.getOrDefault(e.getKey(), "");
            if (!Objects.equals(e.getValue(), now)) {
                out.add(new Change(e.getKey(), e.getValue(), now));
            }
        }
        for (Map.Entry<String, String> e : b.entrySet()) {
            if (!a.containsKey(e.getKey())) {
                out.add(new Change(e.getKey(), "", e.getValue()));
            }
        }
        return out;
    }

    static Map<String, String> flatten(Map<String, Object> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            if (!k.equals("steps")) {
                flatten(k, v, out);
            }
        });
        return out;
    }

    private static void flatten(String path, Object v, Map<String, String> out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> flatten(path + "." + k, x, out));
        } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?>) {
            for (int i = 0; i < l.size(); i++) {
                Map<?, ?> element = (Map<?, ?>) l.get(i);
                Object name = element.containsKey("id") ? element.get("id")
                        : element.containsKey("hwpt") ? element.get("hwpt") : Integer.toString(i);
                flatten(path + "[" + name + "]", element, out);
            }
        } else {
            out.put(path, String.valueOf(v));
        }
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --set key=value} on the command line: edits the located YAML tree before validation, so an override is
 * checked exactly like the file and its problems point at the argument ({@code --set 2:...}). The key is a dotted
 * path; a list element is chosen by index ({@code iommus[0]}) or by its {@code id} ({@code devices[nic0]}); the
 * value is YAML ({@code 2Gbit/s}, {@code [skip-dirty-flush]}, {@code {rate: 1GiB/s}}). A missing last key is
 * added; a missing intermediate mapping is created.
 */
final class Overrides {
    private Overrides() {
    }

    static YNode apply(YNode root, List<String> sets) throws TopologyException {
        List<Problem> problems = new ArrayList<>();
        YNode tree = root;
        for (int n = 0; n < sets.size(); n++) {
            String set = sets.get(n);
            String source = "--set " + (n + 1);
            int eq = set.indexOf('=');
            if (eq <= 0) {
                problems.add(new Problem(SourceLocation.startOf(source), "'" + set + "' is not key=value, e.g. "
                        + "migration.split=lazy"));
                continue;
            }
            String key = set.substring(0, eq).strip();
            YNode value = YamlReader.read(source, set.substring(eq + 1));
            try {
                tree = put(tree, path(key), 0, value, new SourceLocation(source, 1, 1));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(SourceLocation.startOf(source), "cannot set '" + key + "': "
                        + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new TopologyException(problems);
        }
        return tree;
    }

    /** "a.b[c].d" → ["a", "b", "[c]", "d"]. */
    private static List<String> path(String key) {
        List<String> out = new ArrayList<>();
        for (String part : key.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                out.add(part);
                continue;
            }
            if (bracket > 0) {
                out.add(part.substring(0, bracket));
            }
            for (String sel : part.substring(bracket).split("(?<=\\])")) {
                if (!sel.startsWith("[") || !sel.endsWith("]")) {
                    throw new IllegalArgumentException("bad selector '" + sel + "' in '" + key + "'");
                }
                out.add(sel);
            }
        }
        if (out.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty name in '" + key + "'");
        }
        return out;
    }

    private static YNode put(YNode node, List<String> path, int i, YNode value, SourceLocation at) {
        if (i == path.size()) {
            return value;
        }
        String step = path.get(i);
        if (step.startsWith("[")) {
            if (!(node instanceof YSeq seq)) {
                throw new IllegalArgumentException(String.join(".", path.subList(0, i)) + " is not a list");
            }
            int index = select(seq, step.substring(1, step.length() - 1));
            List<YNode> items = new ArrayList<>(seq.items());
            items.set(index, put(items.get(index), path, i + 1, value, at));
            return new YSeq(items, seq.location());
        }
        YMap map;
        if (node instanceof YMap m) {
            map = m;
        } else if (node == null || node instanceof YScalar s && s.isNull()) {
            map = new YMap(Map.of(), at);
        } else {
            throw new IllegalArgumentException(String.join(".", path.subList(0, i)) + " is not a mapping");
        }
        Map<String, YEntry> entries = new LinkedHashMap<>(map.entries());
        YEntry old = entries.get(step);
        YNode updated = put(old == null ? null : old.value(), path, i + 1, value, at);
        entries.put(step, new YEntry(step, old == null ? at : old.keyLocation(), updated));
        return new YMap(entries, map.location());
    }

    private static int select(YSeq seq, String selector) {
        if (selector.matches("\\d+")) {
            int index = Integer.parseInt(selector);
            if (index >= seq.items().size()) {
                throw new IllegalArgumentException("index " + index + " is past the end of a list of "
                        + seq.items().size());
            }
            return index;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            if (seq.items().get(i) instanceof YMap m && m.get("id") instanceof YScalar s
                    && s.text().equals(selector)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no element with id '" + selector + "'");
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.scenario.YNode.ScalarKind;
import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import io.ioptexplorer.hardware.scenario.YNode.YScalar;
import io.ioptexplorer.hardware.scenario.YNode.YSeq;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The YAML value readers every section and every step shares. Reads the keys of one mapping. Every key asked for is
 * a known key; {@link #finish()} reports the others
 * with a did-you-mean. Getters return null after recording a problem (or when an optional key is absent).
 */
final class Args {
    private final TopologyLoader loader;

    final YMap map;
    final String context;
    final SourceLocation where;
    final Set<String> known = new LinkedHashSet<>();

    Args(TopologyLoader loader, YMap map, String context, SourceLocation where) {
        this.loader = loader;
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
            loader.problem(where, "missing required key '" + key + "' in " + context + " (" + hint + ")");
        }
        return n;
    }

    /** A non-null scalar, or null after a wrong-type problem. */
    YScalar scalar(String key, YNode n, String expected) {
        if (n instanceof YScalar s && !s.isNull()) {
            return s;
        }
        loader.problem(n.location(), "'" + key + "' in " + context + " must be " + expected + ", not " + n.describe());
        return null;
    }

    String text(String key, boolean required) {
        YNode n = node(key, required, "text");
        if (n == null) {
            return null;
        }
        if (n instanceof YScalar s && (s.isNull() || s.text().isEmpty()) && s.kind() != ScalarKind.BOOL) {
            if (required) {
                loader.problem(s.location(), "'" + key + "' in " + context + " is empty; write some text");
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
        YScalar s = scalar(key, n, "an id such as " + TopologyLoader.exampleId(what));
        if (s == null) {
            return null;
        }
        if (!TopologyLoader.ID.matcher(s.text()).matches()) {
            loader.problem(s.location(), "'" + key + "' in " + context + ": " + TopologyLoader.quote(s.text())
                    + " is not a valid id;"
                    + " use letters, digits, '-', '_', '.' or ':' (up to 64), such as "
                    + TopologyLoader.exampleId(what));
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
            loader.problem(at(key), "'" + key + "' in " + context + " is " + v + "; it must be between " + min
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
        return loader.parseUnit(key, n, context, expected, parser);
    }

    Boolean bool(String key, boolean required) {
        YNode n = node(key, required, "true or false");
        if (n == null) {
            return null;
        }
        return loader.parseBool(key, n, context);
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
            loader.problem(s.location(), "'" + key + "' in " + context + " must be a number from 0 to 1 such as 0.3,"
                    + " not " + s.describe());
            return null;
        }
        if (!(d >= 0.0 && d <= 1.0)) {
            loader.problem(s.location(), "'" + key + "' in " + context + " is " + s.text() + "; it must be between 0"
                    + " and 1 (0: all writes, 1: all reads)");
            return null;
        }
        return d;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, boolean required, String what) {
        YNode n = node(key, required, "one of " + String.join(", ", TopologyLoader.names(type)));
        if (n == null) {
            return null;
        }
        return loader.parseEnum(key, n, type, what, context);
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
            loader.problem(n.location(), "'" + key + "' in " + context + " must be a list such as ["
                    + TopologyLoader.names(type).get(0) + "], not " + n.describe());
            return out;
        }
        Map<E, SourceLocation> seen = new LinkedHashMap<>();
        for (YNode item : seq.items()) {
            E e = loader.parseEnum(key, item, type, what, context);
            if (e != null) {
                if (seen.containsKey(e)) {
                    loader.problem(item.location(), what + " '" + YamlName.of(e) + "' is listed twice in '" + key
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
        loader.problem(n.location(), "'" + key + "' in " + context + " must be a mapping of keys to values, not "
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
        loader.problem(n.location(), "'" + key + "' in " + context + " must be a list, such as " + example + ", not "
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
                loader.problem(e.keyLocation(), "unknown key " + TopologyLoader.quote(e.key()) + " in " + context
                        + (dym.isEmpty() ? "; expected one of: " + String.join(", ", known) : dym));
            }
        }
    }
}

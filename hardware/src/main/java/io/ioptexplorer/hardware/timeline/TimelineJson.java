package io.ioptexplorer.hardware.timeline;

import java.util.List;
import java.util.Map;

/**
 * One timeline event as one line of JSON (the {@code run --trace} format): {@code seq}, {@code step},
 * {@code time-ns}, {@code kind}, {@code name}, then the event's fields in their fixed order; addresses and entries
 * as unsigned hexadecimal strings. Written by hand so that the bytes depend on nothing but the event.
 */
public final class TimelineJson {
    private TimelineJson() {
    }

    /** The event's line, without the line break. */
    public static String line(TimelineEvent e) {
        EventInfo info = e.info();
        StringBuilder b = new StringBuilder(160);
        b.append("{\"seq\":").append(e.seq())
                .append(",\"step\":").append(e.step())
                .append(",\"time-ns\":").append(e.timeNs())
                .append(",\"kind\":");
        string(b, info.kind().id());
        b.append(",\"name\":");
        string(b, info.name());
        for (Map.Entry<String, Object> f : info.fields().entrySet()) {
            b.append(',');
            string(b, f.getKey());
            b.append(':');
            value(b, f.getValue());
        }
        return b.append('}').toString();
    }

    private static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
            b.append(v);
        } else if (v instanceof Double d) {
            b.append(Double.isFinite(d) ? d.toString() : "null");
        } else if (v instanceof Hex h) {
            string(b, h.toString());
        } else if (v instanceof RangeValue r) {
            value(b, r.json());
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                value(b, list.get(i));
            }
            b.append(']');
        } else if (v instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> m : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(m.getKey()));
                b.append(':');
                value(b, m.getValue());
            }
            b.append('}');
        } else if (v instanceof Enum<?> en) {
            string(b, en.name());
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}

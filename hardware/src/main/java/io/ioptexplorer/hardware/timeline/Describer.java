package io.ioptexplorer.hardware.timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one {@link EventInfo}: the subject setters also add the subject to the fields, so the trace, the log and
 * the filters read the same values.
 */
final class Describer {
    private final EventKind kind;
    private final String name;
    private final boolean full;
    private final Map<String, Object> fields;
    private String device;
    private String unit;
    private int hwpt = -1;
    private long iova = -1;
    private long length;
    private int level = -1;
    private BreakpointClass breakpoint;
    private int detail;

    Describer(EventKind kind, String name) {
        this.kind = kind;
        this.name = name;
        this.breakpoint = kind.breakpoint();
        this.full = !SUBJECT_ONLY.get()[0];
        this.fields = full ? new LinkedHashMap<>() : Map.of();
    }

    /**
     * Set while {@link EventCatalog#subject} runs: the describers then skip the fields and the text, which a compact
     * index of millions of events does not keep. A flag rather than a parameter, so each description is written once.
     */
    static final ThreadLocal<boolean[]> SUBJECT_ONLY = ThreadLocal.withInitial(() -> new boolean[1]);

    Describer device(String id) {
        device = id;
        return field("device", id);
    }

    Describer unit(String id) {
        if (id != null) {
            unit = id;
            field("unit", id);
        }
        return this;
    }

    Describer hwpt(int id) {
        if (id >= 0) {
            hwpt = id;
            field("hwpt", id);
        }
        return this;
    }

    Describer iova(long v) {
        iova = v;
        return hex("iova", v);
    }

    Describer length(long bytes) {
        length = bytes;
        return field("length", bytes);
    }

    Describer level(int l) {
        level = l;
        return field("level", l);
    }

    /** The number the compact index keeps for this event ({@link EventInfo#detail}), clamped to 0..255. */
    Describer detail(int v) {
        detail = Math.max(0, Math.min(EventInfo.MAX_DETAIL, v));
        return this;
    }

    Describer detail(boolean bit) {
        return detail(bit ? 1 : 0);
    }

    Describer breakpoint(BreakpointClass c) {
        breakpoint = c;
        return this;
    }

    Describer field(String key, Object value) {
        if (!full) {
            return this;
        }
        fields.put(key, value instanceof Enum<?> e ? e.name() : value);
        return this;
    }

    Describer hex(String key, long value) {
        if (!full) {
            return this;
        }
        fields.put(key, new Hex(value));
        return this;
    }

    Describer hexList(String key, List<Long> values) {
        if (!full) {
            return this;
        }
        fields.put(key, values.stream().map(Hex::new).toList());
        return this;
    }

    EventInfo text(String format, Object... args) {
        return new EventInfo(kind, name, device, unit, hwpt, iova, length, level,
                full ? String.format(format, args) : "", fields, breakpoint, detail);
    }

    /** A size as people write it: 4 KiB, 2 MiB, 1 GiB, or bytes. */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + " " + units[u];
    }
}

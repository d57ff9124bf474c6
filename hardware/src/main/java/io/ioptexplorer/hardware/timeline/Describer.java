package io.ioptexplorer.hardware.timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one {@link EventInfo}: the subject setters also add the subject to the fields, so the trace, the log and
 * the filters read the same values. While {@link EventCatalog#subject} runs it builds no {@code EventInfo}: one
 * describer per thread is reused and is itself the {@link EventSubject} handed out, so the compact index allocates
 * nothing per event for it (issue 11: the index sees hundreds of thousands of events a second while a run plays).
 */
final class Describer implements EventSubject {
    /**
     * This thread's reused describer; its {@code subjectMode} is set while {@link EventCatalog#subject} runs: the
     * describers then skip the fields and the text, which a compact index of millions of events does not keep. A flag
     * rather than a parameter, so each description is written once; one thread-local for both, as the index asks for
     * a subject at every event.
     */
    private static final ThreadLocal<Describer> REUSED = ThreadLocal.withInitial(() -> new Describer(null, null));

    private boolean subjectMode;

    private EventKind kind;
    private String name;
    private Map<String, Object> fields;
    private String device;
    private String unit;
    private int hwpt = -1;
    private long iova = -1;
    private long length;
    private int level = -1;
    private BreakpointClass breakpoint;
    private int detail;

    private Describer(EventKind kind, String name) {
        this.kind = kind;
        this.name = name;
        this.breakpoint = kind == null ? null : kind.breakpoint();
        this.fields = new LinkedHashMap<>();
    }

    /** A describer for one event: a new one, or while {@link EventCatalog#subject} runs this thread's reused one. */
    static Describer of(EventKind kind, String name) {
        Describer d = REUSED.get();
        if (!d.subjectMode) {
            return new Describer(kind, name);
        }
        d.kind = kind;
        d.name = name;
        d.fields = Map.of();
        d.device = null;
        d.unit = null;
        d.hwpt = -1;
        d.iova = -1;
        d.length = 0;
        d.level = -1;
        d.breakpoint = kind.breakpoint();
        d.detail = 0;
        return d;
    }

    /** Puts this thread in subject mode and returns its describer, which the descriptions then fill. */
    static Describer enterSubjectMode() {
        Describer d = REUSED.get();
        d.subjectMode = true;
        return d;
    }

    void leaveSubjectMode() {
        subjectMode = false;
    }

    /**
     * Whether this describer builds the text and fields. Where a description's text or fields cost allocations
     * (boxed numbers, sizes as text) and the event is frequent, the description asks first.
     */
    boolean full() {
        return !subjectMode;
    }

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
        return !subjectMode ? field("length", bytes) : this; // not boxed for nothing
    }

    Describer level(int l) {
        level = l;
        return !subjectMode ? field("level", l) : this;
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
        if (subjectMode) {
            return this;
        }
        fields.put(key, value instanceof Enum<?> e ? e.name() : value);
        return this;
    }

    Describer hex(String key, long value) {
        if (subjectMode) {
            return this;
        }
        fields.put(key, new Hex(value));
        return this;
    }

    Describer hexList(String key, List<Long> values) {
        if (subjectMode) {
            return this;
        }
        fields.put(key, values.stream().map(Hex::new).toList());
        return this;
    }

    /** The event's description; null while {@link EventCatalog#subject} runs (this describer is the subject). */
    EventInfo text(String format, Object... args) {
        if (subjectMode) {
            return null;
        }
        return new EventInfo(kind, name, device, unit, hwpt, iova, length, level, String.format(format, args), fields,
                breakpoint, detail);
    }

    @Override
    public EventKind kind() {
        return kind;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public int hwpt() {
        return hwpt;
    }

    @Override
    public long iova() {
        return iova;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public BreakpointClass breakpoint() {
        return breakpoint;
    }

    @Override
    public int detail() {
        return detail;
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

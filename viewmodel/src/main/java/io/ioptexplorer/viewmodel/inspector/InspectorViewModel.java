package io.ioptexplorer.viewmodel.inspector;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.timeline.EventInfo;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.ReadingPace;
import io.ioptexplorer.viewmodel.live.SnapshotPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** What the inspector shows of the current moment: the event the machine is paused in, described. UI thread. */
public final class InspectorViewModel {
    private final ReadOnlyObjectWrapper<EventDetails> event = new ReadOnlyObjectWrapper<>();
    private final SnapshotPart<EventDetails> part = pm -> pm.event().map(InspectorViewModel::describe).orElse(null);
    private final ReadingPace pace = new ReadingPace();

    public InspectorViewModel(LiveSession session) {
        session.register(part);
        session.addListener(this::show);
    }

    private void show(MachineSnapshot s) {
        if (pace.admit(s.paused(), System.nanoTime())) {
            event.set(s.atBoundary() ? null : s.part(part));
        }
    }

    /** The event in focus, or null at a step boundary. */
    public ReadOnlyObjectProperty<EventDetails> eventProperty() {
        return event.getReadOnlyProperty();
    }

    /** Machine thread: the catalog's description of the event, as plain values. */
    static EventDetails describe(TimelineEvent e) {
        EventInfo i = e.info();
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, Object> f : i.fields().entrySet()) {
            fields.add(f.getKey() + " = " + value(f.getValue()));
        }
        return new EventDetails(e.seq(), e.step(), e.timeNs(), i.kind().id(), i.name(), subject(i), i.text(), fields);
    }

    /**
     * A field's value as the inspector shows it. The catalog keeps lists and records structured for the trace's JSON;
     * here a list reads as its items (an IOVA range as {@code 0x0 + 3 GiB}, its own text), an empty list "none"
     * (it read {@code [{iova=0x0, length=3221225472}]}), a map as its keys and values.
     */
    static String value(Object v) {
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + " " + value(x)));
            return String.join(", ", parts);
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.isEmpty() ? "none" : String.join(", ", c.stream().map(InspectorViewModel::value).toList());
        }
        return String.valueOf(v);
    }

    static String subject(EventInfo i) {
        List<String> parts = new ArrayList<>();
        if (i.device() != null) {
            parts.add("device " + i.device());
        }
        if (i.unit() != null) {
            parts.add("IOMMU " + i.unit());
        }
        if (i.hwpt() >= 0) {
            parts.add("HWPT " + i.hwpt());
        }
        if (i.iova() != -1) { // -1 is "no IOVA"; every other value is a u64, and above 2^63 a negative long
            parts.add("IOVA " + IovaMath.hex(i.iova()) + (i.length() > 0 ? "+" + IovaMath.hex(i.length()) : ""));
        }
        if (i.level() >= 0) {
            parts.add("level " + i.level());
        }
        return String.join(", ", parts);
    }
}

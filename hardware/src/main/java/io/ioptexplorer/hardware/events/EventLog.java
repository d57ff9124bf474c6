package io.ioptexplorer.hardware.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An in-memory, append-only event recorder; the simplest sink, used by tests and by the step recorder. */
public final class EventLog implements EventSink {
    private final List<SimEvent> events = new ArrayList<>();

    @Override
    public void emit(SimEvent event) {
        events.add(event);
    }

    public List<SimEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** The recorded events of one type, in order. */
    public <T extends SimEvent> List<T> ofType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (SimEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    public void clear() {
        events.clear();
    }

    public int size() {
        return events.size();
    }
}

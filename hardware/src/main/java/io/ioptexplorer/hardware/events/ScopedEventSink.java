package io.ioptexplorer.hardware.events;

/** A sink that also wants to know whose event it is (see {@link EventScope#over(EventSink)}). */
public interface ScopedEventSink extends EventSink {

    /** An event of a component that belongs to {@code scope}. */
    void emit(EventScope scope, SimEvent event);

    @Override
    default void emit(SimEvent event) {
        emit(EventScope.NONE, event);
    }
}

package io.ioptexplorer.hardware.events;

/**
 * Where components publish their events. Hot paths ask {@link #enabled()} first so that a run without listeners
 * (benchmarks, large headless runs) allocates no event objects.
 */
public interface EventSink {

    /** A sink that drops everything; {@link #enabled()} is false so callers skip building events. */
    EventSink NONE = new EventSink() {
        @Override
        public void emit(SimEvent event) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };

    void emit(SimEvent event);

    /** False when emitted events would be dropped anyway. */
    default boolean enabled() {
        return true;
    }
}

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

    /** False when emitted events would be dropped anyway: hot paths (one event per DMA access) ask this. */
    default boolean enabled() {
        return true;
    }

    /**
     * Whether the rare records are wanted: the machine's assembly, the VMM's migration records (rounds, lanes, the
     * verdict) and FSM arcs. A watcher that needs only those (the tracking views' recorder) answers true here and
     * false to {@link #enabled()}, so a replay with the timeline off still builds no per-access event.
     */
    default boolean recordsEnabled() {
        return enabled();
    }
}

package io.ioptexplorer.hardware.events;

/**
 * Whose event it is when the event itself cannot say: a page table's events (a walk step, an entry update) carry no
 * IOMMU or HWPT, but the HWPT that owns the table knows both.
 *
 * @param unit the IOMMU instance's id, or null
 * @param hwpt the HWPT (= IOMMU domain) id, or -1
 */
public record EventScope(String unit, int hwpt) {
    public static final EventScope NONE = new EventScope(null, -1);

    /**
     * A sink for one scope's components: it hands each event to {@code downstream} with this scope when the
     * downstream wants scopes, and is {@code downstream} itself otherwise (so a run nobody watches pays nothing).
     */
    public EventSink over(EventSink downstream) {
        if (!(downstream instanceof ScopedEventSink scoped)) {
            return downstream;
        }
        return new Over(this, scoped);
    }

    /** The sink {@link #over} makes: stateless, so a copy of a machine makes it again over the copy's sink. */
    public static final class Over implements EventSink {
        private final EventScope scope;
        private final ScopedEventSink downstream;

        private Over(EventScope scope, ScopedEventSink downstream) {
            this.scope = scope;
            this.downstream = downstream;
        }

        public EventScope scope() {
            return scope;
        }

        public ScopedEventSink downstream() {
            return downstream;
        }

        @Override
        public void emit(SimEvent event) {
            downstream.emit(scope, event);
        }

        @Override
        public boolean enabled() {
            return downstream.enabled(); // asked every time: the timeline switches events on and off between steps
        }

        @Override
        public boolean recordsEnabled() {
            return downstream.recordsEnabled();
        }
    }
}

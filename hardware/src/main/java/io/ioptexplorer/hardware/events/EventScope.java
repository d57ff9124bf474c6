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
        EventScope scope = this;
        return new EventSink() {
            @Override
            public void emit(SimEvent event) {
                scoped.emit(scope, event);
            }

            @Override
            public boolean enabled() {
                return scoped.enabled(); // asked every time: the timeline switches events on and off between steps
            }

            @Override
            public boolean recordsEnabled() {
                return scoped.recordsEnabled();
            }
        };
    }
}

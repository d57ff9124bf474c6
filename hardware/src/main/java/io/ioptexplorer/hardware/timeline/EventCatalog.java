package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;

/**
 * The one place that says what each event means: {@link #describe} gives its kind, kernel or hardware name, subject,
 * readable line and fields. The switch is over {@link EventKind}, so a kind without a description does not compile,
 * and a test fails when a SimEvent record has no kind.
 */
public final class EventCatalog {
    private EventCatalog() {
    }

    public static EventInfo describe(SimEvent e) {
        return describe(e, EventScope.NONE);
    }

    /**
     * The kind, subject and breakpoint group of {@code e} without its text and fields: what a compact index keeps for
     * each of millions of events. The same descriptions as {@link #describe}, so the two cannot disagree. Valid until
     * the next call on this thread (one object per thread is reused): read it at once.
     */
    public static EventSubject subject(SimEvent e, EventScope scope) {
        Describer d = Describer.enterSubjectMode();
        try {
            describe(e, scope);
            return d;
        } finally {
            d.leaveSubjectMode();
        }
    }

    /** Describes {@code e}; {@code scope} names the IOMMU and HWPT of a page table's events. */
    public static EventInfo describe(SimEvent e, EventScope scope) {
        EventKind k = EventKind.of(e);
        EventScope s = scope == null ? EventScope.NONE : scope;
        return switch (k) {
            case DMA_ACCESS, IOTLB_HIT, IOTLB_MISS, IOTLB_FILL, IOTLB_EVICT, DMA_FAULT, INVALIDATION,
                    IOTLB_INVALIDATED, DIRTY_FLUSH_SKIPPED, FAULT_INJECTED, AD_UPDATES_SET ->
                    IommuEventText.describe(k, e);
            case WALK_STEP, WALK_FAULT, ENTRY_UPDATED, LEAF_MAPPED, LEAF_UNMAPPED, TABLE_ALLOCATED, TABLE_FREED,
                    LEAF_SPLIT, TABLE_COLLAPSED, DIRTY_RECORDED, DIRTY_READ -> PageTableEventText.describe(k, e, s);
            case DIRTY_READ_SWALLOWED, IOAS_ALLOCATED, IOAS_MAPPED, IOAS_UNMAPPED, HUGE_PAGES_SET, HWPT_ALLOCATED,
                    DEVICE_ATTACHED, DEVICE_DETACHED, HW_INFO_READ, DIRTY_TRACKING_SET, IOCTL_REFUSED ->
                    IommufdEventText.describe(k, e);
            case TYPE1_MAPPED, TYPE1_UNMAPPED, TYPE1_DIRTY_TRACKING, TYPE1_BITMAP_READ, TYPE1_GROUP_CHANGED,
                    TYPE1_GROUP_PROMOTED, TYPE1_REFUSED, DMA_LOGGING_STARTED, DMA_LOGGING_STOPPED,
                    DMA_LOGGING_REPORTED, DMA_LOGGING_REFUSED, UNTRACKED_WRITE, FSM_ARC, FSM_ARC_FAILED,
                    DEVICE_RESET -> VfioEventText.describe(k, e);
            case GUEST_MEMORY_MAPPED, CAPABILITY_NEGOTIATED, ATTACH_REFUSED, DEVICE_HOTPLUGGED, VCPU_WRITE,
                    DIRTY_RING_FULL, DIRTY_RINGS_RESET -> MachineEventText.describe(k, e);
            case TRACKER_CHOSEN, TRACKING_STARTED, TRACKING_STOPPED, TRACKER_SYNCED, SPLIT_APPLIED,
                    COLLAPSE_APPLIED, HOTPLUG_FALLBACK, MIGRATION_BLOCKED, DEVICE_SUSPENDED, ROUND_START, ROUND_END,
                    STOP_AND_COPY_START, STOP_AND_COPY, RESUME_START, DESTINATION_RESUMED, VERIFICATION,
                    MIGRATION_CANCELLED, MIGRATION_FINISHED, MIGRATION_START, TRACKER_LANE, UNION_LANE,
                    PRE_COPY_END -> VmmEventText.describe(k, e);
        };
    }
}

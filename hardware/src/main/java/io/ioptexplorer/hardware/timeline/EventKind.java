package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommu.events.AdUpdatesSet;
import io.ioptexplorer.hardware.iommu.events.DirtyFlushSkipped;
import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.iommu.events.DmaFault;
import io.ioptexplorer.hardware.iommu.events.FaultInjected;
import io.ioptexplorer.hardware.iommu.events.InvalidationIssued;
import io.ioptexplorer.hardware.iommu.events.IotlbEvicted;
import io.ioptexplorer.hardware.iommu.events.IotlbFilled;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.iommu.events.IotlbInvalidated;
import io.ioptexplorer.hardware.iommu.events.IotlbMiss;
import io.ioptexplorer.hardware.iommufd.events.DirtyReadSwallowed;
import io.ioptexplorer.hardware.iommufd.events.IommufdEvents;
import io.ioptexplorer.hardware.kvm.DirtyRingFullEvent;
import io.ioptexplorer.hardware.kvm.DirtyRingsResetEvent;
import io.ioptexplorer.hardware.kvm.VcpuWrite;
import io.ioptexplorer.hardware.machine.MachineEvents;
import io.ioptexplorer.hardware.pagetable.events.DirtyReadDone;
import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafSplit;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.TableCollapsed;
import io.ioptexplorer.hardware.pagetable.events.TableFreed;
import io.ioptexplorer.hardware.pagetable.events.WalkFault;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import io.ioptexplorer.hardware.vfio.logging.DmaLoggingEvents;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcFailedEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigResetEvent;
import io.ioptexplorer.hardware.vfio.type1.Type1Events;
import io.ioptexplorer.hardware.vmm.VmmEvents;
import java.util.HashMap;
import java.util.Map;

/**
 * Every kind of event the machine emits: one constant per {@link SimEvent} record, with a stable kebab-case id (the
 * {@code kind} of the trace and the event log) and the breakpoint group it belongs to. The README's event table is
 * checked against this enum, and a test fails when a SimEvent record has no constant.
 */
public enum EventKind {
    // DMA and the IOMMU's translation path
    DMA_ACCESS("dma-access", DmaAccess.class, BreakpointClass.OTHER),
    IOTLB_HIT("iotlb-hit", IotlbHit.class, BreakpointClass.OTHER),
    IOTLB_MISS("iotlb-miss", IotlbMiss.class, BreakpointClass.OTHER),
    WALK_STEP("walk-step", WalkStep.class, BreakpointClass.OTHER),
    WALK_FAULT("walk-fault", WalkFault.class, BreakpointClass.FAULT),
    ENTRY_UPDATED("entry-updated", EntryUpdated.class, BreakpointClass.OTHER),
    IOTLB_FILL("iotlb-fill", IotlbFilled.class, BreakpointClass.OTHER),
    IOTLB_EVICT("iotlb-evict", IotlbEvicted.class, BreakpointClass.OTHER),
    DMA_FAULT("dma-fault", DmaFault.class, BreakpointClass.FAULT),
    // IOMMU driver: invalidation, A/D knob, injected faults
    INVALIDATION("invalidation", InvalidationIssued.class, BreakpointClass.INVALIDATION),
    IOTLB_INVALIDATED("iotlb-invalidated", IotlbInvalidated.class, BreakpointClass.OTHER),
    DIRTY_FLUSH_SKIPPED("dirty-flush-skipped", DirtyFlushSkipped.class, BreakpointClass.LOST_PAGE),
    FAULT_INJECTED("fault-injected", FaultInjected.class, BreakpointClass.FAULT),
    AD_UPDATES_SET("ad-updates-set", AdUpdatesSet.class, BreakpointClass.OTHER),
    // the IO page table (generic_pt)
    LEAF_MAPPED("leaf-mapped", LeafMapped.class, BreakpointClass.OTHER),
    LEAF_UNMAPPED("leaf-unmapped", LeafUnmapped.class, BreakpointClass.OTHER),
    TABLE_ALLOCATED("table-allocated", TableAllocated.class, BreakpointClass.OTHER),
    TABLE_FREED("table-freed", TableFreed.class, BreakpointClass.OTHER),
    LEAF_SPLIT("leaf-split", LeafSplit.class, BreakpointClass.SPLIT),
    TABLE_COLLAPSED("table-collapsed", TableCollapsed.class, BreakpointClass.COLLAPSE),
    DIRTY_RECORDED("dirty-recorded", DirtyRecorded.class, BreakpointClass.OTHER),
    DIRTY_READ("dirty-read", DirtyReadDone.class, BreakpointClass.OTHER),
    // the iommufd ioctls
    DIRTY_READ_SWALLOWED("dirty-read-swallowed", DirtyReadSwallowed.class, BreakpointClass.OTHER),
    IOAS_ALLOCATED("ioas-allocated", IommufdEvents.IoasAllocated.class, BreakpointClass.OTHER),
    IOAS_MAPPED("ioas-mapped", IommufdEvents.IoasMapped.class, BreakpointClass.OTHER),
    IOAS_UNMAPPED("ioas-unmapped", IommufdEvents.IoasUnmapped.class, BreakpointClass.OTHER),
    HUGE_PAGES_SET("huge-pages-set", IommufdEvents.HugePagesSet.class, BreakpointClass.OTHER),
    HWPT_ALLOCATED("hwpt-allocated", IommufdEvents.HwptAllocated.class, BreakpointClass.OTHER),
    DEVICE_ATTACHED("device-attached", IommufdEvents.DeviceAttached.class, BreakpointClass.OTHER),
    DEVICE_DETACHED("device-detached", IommufdEvents.DeviceDetached.class, BreakpointClass.OTHER),
    HW_INFO_READ("hw-info-read", IommufdEvents.HwInfoRead.class, BreakpointClass.OTHER),
    DIRTY_TRACKING_SET("dirty-tracking-set", IommufdEvents.DirtyTrackingSet.class, BreakpointClass.OTHER),
    IOCTL_REFUSED("ioctl-refused", IommufdEvents.IoctlRefused.class, BreakpointClass.FAULT),
    // the machine's assembly (the VMM at VM start)
    GUEST_MEMORY_MAPPED("guest-memory-mapped", MachineEvents.GuestMemoryMapped.class, BreakpointClass.OTHER),
    CAPABILITY_NEGOTIATED("capability-negotiated", MachineEvents.CapabilityNegotiated.class, BreakpointClass.OTHER),
    ATTACH_REFUSED("attach-refused", MachineEvents.AttachRefused.class, BreakpointClass.FAULT),
    DEVICE_HOTPLUGGED("device-hotplugged", MachineEvents.DeviceHotplugged.class, BreakpointClass.OTHER),
    // KVM dirty logging
    VCPU_WRITE("vcpu-write", VcpuWrite.class, BreakpointClass.OTHER),
    DIRTY_RING_FULL("dirty-ring-full", DirtyRingFullEvent.class, BreakpointClass.OTHER),
    DIRTY_RINGS_RESET("dirty-rings-reset", DirtyRingsResetEvent.class, BreakpointClass.OTHER),
    // VFIO type1
    TYPE1_MAPPED("type1-mapped", Type1Events.Mapped.class, BreakpointClass.OTHER),
    TYPE1_UNMAPPED("type1-unmapped", Type1Events.Unmapped.class, BreakpointClass.OTHER),
    TYPE1_DIRTY_TRACKING("type1-dirty-tracking", Type1Events.DirtyTracking.class, BreakpointClass.OTHER),
    TYPE1_BITMAP_READ("type1-bitmap-read", Type1Events.BitmapRead.class, BreakpointClass.OTHER),
    TYPE1_GROUP_CHANGED("type1-group-changed", Type1Events.GroupChanged.class, BreakpointClass.OTHER),
    TYPE1_GROUP_PROMOTED("type1-group-promoted", Type1Events.GroupPromoted.class, BreakpointClass.OTHER),
    TYPE1_REFUSED("type1-refused", Type1Events.Refused.class, BreakpointClass.FAULT),
    // VFIO device DMA logging
    DMA_LOGGING_STARTED("dma-logging-started", DmaLoggingEvents.Started.class, BreakpointClass.OTHER),
    DMA_LOGGING_STOPPED("dma-logging-stopped", DmaLoggingEvents.Stopped.class, BreakpointClass.OTHER),
    DMA_LOGGING_REPORTED("dma-logging-reported", DmaLoggingEvents.Reported.class, BreakpointClass.OTHER),
    DMA_LOGGING_REFUSED("dma-logging-refused", DmaLoggingEvents.Refused.class, BreakpointClass.FAULT),
    UNTRACKED_WRITE("untracked-write", DmaLoggingEvents.UntrackedWrite.class, BreakpointClass.LOST_PAGE),
    // VFIO migration state machine
    FSM_ARC("fsm-arc", VfioMigArcEvent.class, BreakpointClass.FSM_ARC),
    FSM_ARC_FAILED("fsm-arc-failed", VfioMigArcFailedEvent.class, BreakpointClass.FAULT),
    DEVICE_RESET("device-reset", VfioMigResetEvent.class, BreakpointClass.FSM_ARC),
    // the VMM's migration loop
    TRACKER_CHOSEN("tracker-chosen", VmmEvents.TrackerChosen.class, BreakpointClass.OTHER),
    TRACKING_STARTED("tracking-started", VmmEvents.TrackingStarted.class, BreakpointClass.OTHER),
    TRACKING_STOPPED("tracking-stopped", VmmEvents.TrackingStopped.class, BreakpointClass.OTHER),
    TRACKER_SYNCED("tracker-synced", VmmEvents.TrackerSynced.class, BreakpointClass.OTHER),
    SPLIT_APPLIED("split-applied", VmmEvents.SplitApplied.class, BreakpointClass.SPLIT),
    COLLAPSE_APPLIED("collapse-applied", VmmEvents.CollapseApplied.class, BreakpointClass.COLLAPSE),
    HOTPLUG_FALLBACK("hotplug-fallback", VmmEvents.HotplugFallbackApplied.class, BreakpointClass.OTHER),
    MIGRATION_BLOCKED("migration-blocked", VmmEvents.MigrationBlocked.class, BreakpointClass.FAULT),
    DEVICE_SUSPENDED("device-suspended", VmmEvents.DeviceSuspended.class, BreakpointClass.OTHER),
    ROUND_START("round-start", VmmEvents.RoundStarted.class, BreakpointClass.OTHER),
    ROUND_END("round-end", VmmEvents.RoundFinished.class, BreakpointClass.ROUND_END),
    STOP_AND_COPY_START("stop-and-copy-start", VmmEvents.StopAndCopyStarted.class, BreakpointClass.OTHER),
    STOP_AND_COPY("stop-and-copy", VmmEvents.StopAndCopy.class, BreakpointClass.OTHER),
    RESUME_START("resume-start", VmmEvents.ResumeStarted.class, BreakpointClass.OTHER),
    DESTINATION_RESUMED("destination-resumed", VmmEvents.DestinationResumed.class, BreakpointClass.OTHER),
    VERIFICATION("verification", VmmEvents.VerificationDone.class, BreakpointClass.OTHER),
    MIGRATION_CANCELLED("migration-cancelled", VmmEvents.MigrationCancelled.class, BreakpointClass.OTHER),
    MIGRATION_FINISHED("migration-finished", VmmEvents.MigrationFinished.class, BreakpointClass.OTHER),
    // the tracking and migration views' captures (issue 13): page sets ride on the event, never in the index
    MIGRATION_START("migration-start", VmmEvents.MigrationStarted.class, BreakpointClass.OTHER),
    TRACKER_LANE("tracker-lane", VmmEvents.TrackerLane.class, BreakpointClass.OTHER),
    UNION_LANE("union-lane", VmmEvents.UnionLane.class, BreakpointClass.OTHER),
    PRE_COPY_END("pre-copy-end", VmmEvents.PreCopyEnded.class, BreakpointClass.OTHER);

    private static final Map<Class<?>, EventKind> BY_CLASS = new HashMap<>();
    private static final Map<String, EventKind> BY_ID = new HashMap<>();
    private static final EventKind[] VALUES = values();

    static {
        for (EventKind k : VALUES) {
            BY_CLASS.put(k.type, k);
            BY_ID.put(k.id, k);
        }
    }

    private final String id;
    private final Class<? extends SimEvent> type;
    private final BreakpointClass breakpoint;

    EventKind(String id, Class<? extends SimEvent> type, BreakpointClass breakpoint) {
        this.id = id;
        this.type = type;
        this.breakpoint = breakpoint;
    }

    /** Stable kebab-case id, as the trace's {@code kind} and the log's filter write it. */
    public String id() {
        return id;
    }

    /** The record class this kind describes. */
    public Class<? extends SimEvent> type() {
        return type;
    }

    /**
     * The breakpoint group of every event of this kind; a single event can be more specific (a verification that
     * lost pages is {@link BreakpointClass#LOST_PAGE}), see {@link EventInfo#breakpoint()}.
     */
    public BreakpointClass breakpoint() {
        return breakpoint;
    }

    /** The kind of an event. */
    public static EventKind of(SimEvent e) {
        EventKind k = BY_CLASS.get(e.getClass());
        if (k == null) {
            throw new IllegalArgumentException("no EventKind for " + e.getClass().getName()
                    + ": add one to EventKind and describe it in EventCatalog");
        }
        return k;
    }

    /** The kind with this id, or null. */
    public static EventKind byId(String id) {
        return BY_ID.get(id);
    }

    /** The kind with this ordinal (the compact index stores kinds as a byte). */
    public static EventKind ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}

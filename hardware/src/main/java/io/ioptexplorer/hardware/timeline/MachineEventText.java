package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.kvm.DirtyRingFullEvent;
import io.ioptexplorer.hardware.kvm.DirtyRingsResetEvent;
import io.ioptexplorer.hardware.kvm.VcpuWrite;
import io.ioptexplorer.hardware.machine.MachineEvents;

/** Descriptions of the machine's assembly (the VMM's iommufd calls at VM start) and of KVM's dirty log and rings. */
final class MachineEventText {
    private MachineEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event) {
        // The VMM's summaries below follow the ioctls that did the work (ioas-mapped, hw-info-read, hwpt-allocated):
        // they are named as the VMM's, not as a second IOMMU_IOAS_MAP or IOMMU_GET_HW_INFO on the timeline.
        if (event instanceof MachineEvents.GuestMemoryMapped e) {
            return Describer.of(k, "VMM: guest RAM in the IOAS")
                    .field("ioas", e.ioasId()).iova(e.iova()).length(e.length()).hex("host-physical", e.hostPhysical())
                    .field("huge-pages", e.hugePages())
                    .text("guest memory (%s) mapped into IOAS %d at IOVA = GPA 0x%x%s", Describer.size(e.length()),
                            e.ioasId(), e.iova(), e.hugePages() ? ", huge pages allowed" : ", 4 KiB pages only");
        }
        if (event instanceof MachineEvents.CapabilityNegotiated e) {
            return Describer.of(k, "VMM: dirty tracking negotiated")
                    .device(e.deviceId()).unit(e.unitId()).hwpt(e.hwptId()).field("dirty-capable", e.dirtyCapable())
                    .field("allocated", e.allocated()).field("dirty-tracking", e.dirtyTracking())
                    .text("%s behind %s: IOMMU_HW_CAP_DIRTY_TRACKING %s; %s HWPT %d%s", e.deviceId(), e.unitId(),
                            e.dirtyCapable() ? "set" : "clear", e.allocated() ? "allocated" : "joined", e.hwptId(),
                            e.dirtyTracking() ? " with IOMMU_HWPT_ALLOC_DIRTY_TRACKING" : "");
        }
        if (event instanceof MachineEvents.AttachRefused e) {
            return Describer.of(k, "VFIO_DEVICE_ATTACH_IOMMUFD_PT")
                    .device(e.deviceId()).hwpt(e.hwptId()).field("errno", e.errno()).field("why", e.why())
                    .text("%s cannot attach to HWPT %d: %s (%s)", e.deviceId(), e.hwptId(), e.errno(), e.why());
        }
        if (event instanceof MachineEvents.DeviceHotplugged e) {
            return Describer.of(k, "device hot-plug (VFIO_DEVICE_BIND_IOMMUFD)")
                    .device(e.deviceId()).unit(e.unitId())
                    .text("%s hot-plugged behind %s, bound to iommufd", e.deviceId(), e.unitId());
        }
        if (event instanceof VcpuWrite e) {
            // the subject's "iova" is the GPA: the VMM maps guest memory at IOVA = GPA, so IOVA filters find it
            // frequent while a run plays: the text is built only when asked for (Describer.full)
            Describer d = Describer.of(k, "mark_page_dirty_in_slot")
                    .field("vcpu", e.vcpu()).iova(e.gpa()).length(e.length()).field("slot", e.slot())
                    .field("dirty-log", e.ring() ? "ring" : "bitmap").detail(e.vcpu());
            return !d.full() ? null : d.text("vCPU %d wrote %d bytes at GPA 0x%x: KVM marks page 0x%x dirty %s", e.vcpu(), e.length(),
                            e.gpa(), e.gpa() & ~0xfffL, e.ring() ? "on vCPU " + e.vcpu() + "'s dirty ring"
                                    : "in memslot " + e.slot() + "'s dirty bitmap");
        }
        if (event instanceof DirtyRingFullEvent e) {
            return Describer.of(k, "KVM_EXIT_DIRTY_RING_FULL (unverified name)")
                    .field("vcpu", e.vcpu()).field("capacity", e.capacity())
                    .text("vCPU %d's dirty ring is full (%d entries): it exits until the ring is reset", e.vcpu(),
                            e.capacity());
        }
        if (event instanceof DirtyRingsResetEvent e) {
            return Describer.of(k, "KVM_RESET_DIRTY_RINGS")
                    .field("entries-reset", e.entriesReset()).field("vcpus-resumed", e.vcpusResumed())
                    .text("KVM_RESET_DIRTY_RINGS recycled %d entries, %d vCPUs resume", e.entriesReset(),
                            e.vcpusResumed());
        }
        throw new IllegalArgumentException("not a machine event: " + event);
    }
}

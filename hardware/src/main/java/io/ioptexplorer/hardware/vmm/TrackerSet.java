package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trackers of one migration attempt, built from the device plan: KVM always, one IOMMU tracker per HWPT that
 * hosts an IOMMU-tracked device, one type1 tracker for the emulated devices, one device-log tracker per
 * device-tracked device, one all-dirty tracker per device counted all-dirty. It syncs them into one dirty set (the
 * union, as QEMU's listeners all write one migration bitmap) and keeps, per tracker, the ground truth of its sources
 * since its last sync.
 */
final class TrackerSet {
    private final Vmm vmm;
    private final Machine m;
    private final List<DirtyTracker> trackers = new ArrayList<>();
    private final Map<DirtyTracker, DirtySet> truth = new HashMap<>();
    private final KvmDirtyTracker kvm;

    TrackerSet(Vmm vmm, List<DevicePlan> plan, SplitPolicy split) {
        this.vmm = vmm;
        this.m = vmm.machine();
        long length = m.memory().size();
        kvm = new KvmDirtyTracker(m.vcpuLog(), m.memslot());
        trackers.add(kvm);
        Map<Integer, Set<String>> iommuDevices = new LinkedHashMap<>();
        Set<String> type1Devices = new LinkedHashSet<>();
        for (DevicePlan p : plan) {
            if (p.tracker() == TrackerKind.IOMMU) {
                Hwpt h = m.hwptOf(m.device(p.deviceId()));
                iommuDevices.computeIfAbsent(h.id(), k -> new LinkedHashSet<>()).add(p.deviceId());
            } else if (p.tracker() == TrackerKind.TYPE1) {
                type1Devices.add(p.deviceId());
            }
        }
        for (Map.Entry<Integer, Set<String>> e : iommuDevices.entrySet()) {
            IommuDirtyTracker it = new IommuDirtyTracker(m.iommufd(), m.iommufd().hwpt(e.getKey()), length, split,
                    m.events());
            it.adoptSplitLeaves(vmm.takeEarlySplits(e.getKey()));
            trackers.add(it);
        }
        if (!type1Devices.isEmpty()) {
            trackers.add(new Type1DirtyTracker(m.type1(), length, type1Devices));
        }
        for (DevicePlan p : plan) {
            if (p.tracker() == TrackerKind.DEVICE) {
                trackers.add(new DeviceLogDirtyTracker(m.device(p.deviceId()), length));
            } else if (p.tracker() == TrackerKind.ALL_DIRTY) {
                trackers.add(new AllDirtyTracker(p.deviceId(), m.iommufd().ioas(m.ioasId())));
            }
        }
    }

    /** Starts every tracker in order; on a failure, only the ones already started are kept (to be stopped). */
    void start() {
        List<DirtyTracker> started = new ArrayList<>();
        try {
            for (DirtyTracker t : trackers) {
                t.start();
                started.add(t);
                truth.put(t, new DirtySet());
                vmm.emit(new VmmEvents.TrackingStarted(t.name(), t.kind().name()));
            }
        } catch (ErrnoException e) {
            trackers.retainAll(started);
            throw e;
        }
    }

    /** Serves full dirty rings between slices. */
    void reap() {
        kvm.reapIfFull();
    }

    /**
     * Syncs every tracker (only KVM when {@code includeVfio} is false) into one set, recording each one's report and
     * the ground truth of its sources since its last sync.
     */
    DirtySet sync(int round, boolean includeVfio, List<TrackerSync> syncs) {
        Map<String, DirtySet> bySource = new HashMap<>();
        bySource.put("vcpus", m.takeVcpuTruth());
        for (MachineDevice d : m.devices()) {
            bySource.put(d.id(), d.takeTruth());
        }
        DirtySet union = new DirtySet();
        for (DirtyTracker t : trackers) {
            DirtySet own = truth.get(t);
            for (String s : t.sources()) {
                DirtySet part = bySource.get(s);
                if (part != null) {
                    own.union(part);
                }
            }
            if (t.kind().vfio() && !includeVfio) {
                continue;
            }
            DirtySet r = t.sync();
            union.union(r);
            syncs.add(new TrackerSync(t.name(), t.kind(), r.cardinality(), own.cardinality()));
            vmm.emit(new VmmEvents.TrackerSynced(round, t.name(), r.cardinality(), own.cardinality()));
            if (vmm.eventsEnabled()) {
                vmm.emit(new VmmEvents.TrackerLane(round, t.name(), t.kind(), r.freeze(), own.freeze()));
            }
            own.clear();
        }
        return union;
    }

    /** Stops every tracker (best effort, as QEMU's log_global_stop), collapsing what was split. */
    void stop(String reason) {
        for (DirtyTracker t : trackers) {
            try {
                if (t instanceof IommuDirtyTracker it) {
                    it.stop(reason);
                } else {
                    t.stop();
                }
                vmm.emit(new VmmEvents.TrackingStopped(t.name(), t.kind().name()));
            } catch (ErrnoException e) {
                // Best effort, as QEMU's log_global_stop goes on to the next listener. No tracker of this simulator
                // fails here (issue 16: no test reaches this line, and none can): an IOMMU tracker disables a HWPT it
                // enabled; a device tracker stops only a log that runs (DMA_LOGGING_STOP has no state check in
                // vfio_ioctl_device_feature_logging_stop); type1's STOP returns 0 even when not tracking
                // (vfio_iommu_type1_dirty_pages); KVM's and "all dirty" have nothing to stop.
                vmm.emit(new VmmEvents.TrackingStopped(t.name() + " (" + e.errno() + ")", t.kind().name()));
            }
        }
        // Leaves split during lazy provisioning on HWPTs this migration did not track: undo them too.
        for (Hwpt h : m.iommufd().hwpts()) {
            List<long[]> left = vmm.takeEarlySplits(h.id());
            if (left.isEmpty()) {
                continue;
            }
            if (h.domain().dirtyTrackingEnabled()) {
                m.iommufd().setDirtyTracking(h.id(), 0);
            }
            long before = h.domain().pageTable().stats().collapses();
            for (long[] l : left) {
                h.domain().collapseAndFlush(l[0], l[1]);
            }
            vmm.emit(new VmmEvents.CollapseApplied(h.id(), reason, h.domain().pageTable().stats().collapses()
                    - before, h.domain().pageTable().stats().liveTablePages()));
        }
    }

    List<String> names() {
        List<String> out = new ArrayList<>();
        for (DirtyTracker t : trackers) {
            out.add(t.name());
        }
        return out;
    }

    List<SplitReport> splitReports() {
        List<SplitReport> out = new ArrayList<>();
        for (DirtyTracker t : trackers) {
            if (t instanceof IommuDirtyTracker it) {
                out.add(it.report());
            }
        }
        return out;
    }
}

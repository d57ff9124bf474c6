package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.DeviceTrackerSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.scenario.DeviceSpec;
import io.ioptexplorer.hardware.scenario.IommuSpec;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TrackerSpec;
import io.ioptexplorer.hardware.scenario.VmSpec;
import io.ioptexplorer.hardware.scenario.WorkloadSpec;
import io.ioptexplorer.hardware.vfio.logging.Mlx5StyleTracker;
import io.ioptexplorer.hardware.vfio.logging.PdsStyleTracker;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import java.util.List;

/** Turns a validated topology file into a {@link Machine}: the file's words become the simulator's objects. */
public final class TopologyMachine {
    /** Seed used when neither the file nor the command line gives one. */
    public static final long DEFAULT_SEED = 1;
    /** Size of a device's own migration state (sent in PRE_COPY and STOP_COPY) when the file does not say. */
    static final long DEFAULT_DEVICE_STATE_BYTES = 1L << 20;

    private TopologyMachine() {
    }

    public static Machine build(Topology t, long seed, EventSink events) {
        return build(t, seed, events, false);
    }

    /** {@link #build(Topology, long, EventSink)}, with {@link MachineBuilder#flatTables} as asked. */
    public static Machine build(Topology t, long seed, EventSink events, boolean flatTables) {
        MachineBuilder b = new MachineBuilder()
                .flatTables(flatTables)
                .guestMemory(t.vm().memory(), t.vm().hugepages())
                .seed(seed)
                .events(events);
        for (IommuSpec i : t.iommus()) {
            b.iommu(unit(i));
        }
        for (var spec : passthroughDevices(t, false)) {
            b.device(spec);
        }
        b.vcpus(vcpus(t.vm()));
        return b.build();
    }

    /**
     * The machine's view of the file's devices, either the ones present at VM start or the ones declared
     * {@code hotplug: true}. Working-set placement counts all of them, so a device's buffers are in the same place
     * whether it was there from the start or plugged in later.
     */
    static List<io.ioptexplorer.hardware.machine.DeviceSpec> passthroughDevices(Topology t, boolean hotplugged) {
        List<DeviceSpec> all = t.devices();
        List<io.ioptexplorer.hardware.machine.DeviceSpec> out = new java.util.ArrayList<>();
        for (int n = 0; n < all.size(); n++) {
            if (all.get(n).hotplug() == hotplugged) {
                out.add(device(all.get(n), n, all.size(), t.vm()));
            }
        }
        return out;
    }

    static UnitSpec unit(IommuSpec i) {
        IommuModel model = IommuModel.valueOf(i.model().name());
        PageTableFormat format = i.params().format();
        int stage = i.params() instanceof IommuSpec.SmmuV3 p ? p.stage() : 1;
        IommuFeatures features = new IommuFeatures(i.features().contains(IommuSpec.Feature.DIRTY_TRACKING),
                i.features().contains(IommuSpec.Feature.ACCESS_TRACKING));
        if (i.params() instanceof IommuSpec.VtdSs v) {
            features = features.withVtd(v.caps());
        }
        IommuFaults faults = new IommuFaults(i.faults().contains(IommuSpec.Fault.SKIP_DIRTY_FLUSH),
                i.faults().contains(IommuSpec.Fault.SKIP_UNMAP_FLUSH),
                i.faults().contains(IommuSpec.Fault.DROP_DIRTY_BITS));
        return UnitSpec.of(i.id(), model).withFormat(format, stage).withFeatures(features)
                .withIotlb(i.iotlb().entries(), i.iotlb().ways()).withFaults(faults)
                .withBatching(InvalidationBatching.valueOf(i.invalidation().name()));
    }

    /**
     * Devices' working sets are laid out one after another from the middle of guest memory, each 2 MiB aligned, so
     * that different devices' buffers do not overlap and stay clear of low memory; a working set as large as guest
     * memory starts at 0.
     */
    static io.ioptexplorer.hardware.machine.DeviceSpec device(DeviceSpec d, int index, int count, VmSpec vm) {
        DeviceKind kind = DeviceKind.valueOf(d.kind().name());
        DeviceWorkload.Config workload = d.workload().map(w -> {
            long slot = vm.memory() / (count + 1);
            long base = Math.min((slot * (index + 1)) & -(2L << 20), vm.memory() - w.workingSet());
            return new DeviceWorkload.Config(w.rate(), (int) w.size(), pattern(w.pattern()), Math.max(0, base),
                    w.workingSet(), w.readRatio(), 1.0, 2L << 20);
        }).orElse(null);
        int flags = 0;
        for (DeviceSpec.MigrationFlag f : d.migrationFlags()) {
            flags |= switch (f) {
                case STOP_COPY -> VfioMigFlags.STOP_COPY;
                case P2P -> VfioMigFlags.P2P;
                case PRE_COPY -> VfioMigFlags.PRE_COPY;
            };
        }
        // Empty: the device has no migration ops (the file's 'migration-flags: []'; absent means [stop-copy]).
        io.ioptexplorer.hardware.machine.DeviceSpec spec = io.ioptexplorer.hardware.machine.DeviceSpec.of(d.id(),
                kind, d.iommu().orElse(null), workload)
                .withMigration(new VfioMigFlags(flags), DEFAULT_DEVICE_STATE_BYTES, 0);
        DeviceTrackerSpec tracker = tracker(d.tracker());
        return tracker == null ? spec : spec.withTracker(tracker);
    }

    static DeviceTrackerSpec tracker(TrackerSpec t) {
        return switch (t.kind()) {
            case NONE -> null;
            case MLX5 -> {
                long min = t.pageSizes().stream().mapToLong(Long::longValue).min().orElse(4096);
                long max = t.pageSizes().stream().mapToLong(Long::longValue).max().orElse(1L << 30);
                // Address-space caps: 4 KiB to 2^50 bytes (wide: the file gives no limit).
                yield new DeviceTrackerSpec.Mlx5(new Mlx5StyleTracker.Caps(t.maxRanges(),
                        Long.numberOfTrailingZeros(min), Long.numberOfTrailingZeros(max), 12, 50));
            }
            case PDS -> new DeviceTrackerSpec.Pds(t.maxRanges(), t.maxRanges() > 1
                    ? PdsStyleTracker.Mode.MULTI_REGION : PdsStyleTracker.Mode.SINGLE_REGION);
        };
    }

    static VcpuSpec vcpus(VmSpec vm) {
        VcpuWorkload.Config workload = vm.vcpuWorkload().map(w -> VcpuWorkload.Config.of(w.rate(), (int) w.size(),
                vcpuPattern(w.pattern()), 0, w.workingSet(), vm.vcpus())).orElse(null);
        if (vm.dirtyLog().mode() == VmSpec.DirtyLogMode.RING) {
            return new VcpuSpec(vm.vcpus(), workload, VcpuDirtyLog.Mode.DIRTY_RING, vm.dirtyLog().ringSize(), false);
        }
        return new VcpuSpec(vm.vcpus(), workload, VcpuDirtyLog.Mode.BITMAP, 0, false);
    }

    private static AccessPattern pattern(WorkloadSpec.Pattern p) {
        return AccessPattern.valueOf(p.name());
    }

    /** A vCPU has no descriptor ring: a "ring" pattern for vCPUs walks memory sequentially. */
    private static VcpuWorkload.Pattern vcpuPattern(WorkloadSpec.Pattern p) {
        return p == WorkloadSpec.Pattern.RING ? VcpuWorkload.Pattern.SEQUENTIAL : VcpuWorkload.Pattern.valueOf(p.name());
    }
}

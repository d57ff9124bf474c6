package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.DeviceTrackerSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.vfio.logging.PdsStyleTracker;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random but always correct configuration, derived from one seed: guest memory and backing, 1-3 IOMMU units of
 * the dirty-capable models (and sometimes one without dirty tracking), 1-3 devices with random kinds, workloads,
 * trackers and migration flags, vCPUs in bitmap or ring mode, a VMM policy whose explicit choices are valid for
 * each device, and a link.
 *
 * <p>The draws are weighted toward configurations that could lose pages if the simulator were wrong: units that can
 * track dirty pages, devices that write, explicit IOMMU or device tracking rather than "no tracker", and several
 * rounds (issue 16 counted that a uniform draw spent most runs on all-dirty or suspended devices and single rounds).
 * With {@code hazard} every unit skips the IOTLB flush after a dirty clear ({@code skip-dirty-flush}).
 */
final class RandomTopology {
    static final long MIB = 1L << 20;

    final MachineBuilder builder;
    final long memSize;
    final Map<String, String> deviceUnit = new LinkedHashMap<>();
    final Map<String, Boolean> unitDirtyCapable = new LinkedHashMap<>();
    final Map<String, Boolean> deviceHasTracker = new LinkedHashMap<>();
    final SplittableRandom r;
    final List<String> unitIds = new ArrayList<>();
    /** Per device id (including a hot-plugged one), the guest range its workload writes: {base, length}. */
    final Map<String, long[]> workingSets = new LinkedHashMap<>();
    final boolean hazard;
    String description;

    RandomTopology(long seed, EventSink events) {
        this(seed, events, false);
    }

    RandomTopology(long seed, EventSink events, boolean hazard) {
        this.hazard = hazard;
        r = new SplittableRandom(seed);
        StringBuilder d = new StringBuilder();
        memSize = (r.nextBoolean() ? 16 : 32) * MIB;
        long backing = r.nextBoolean() ? 4096 : 2 * MIB;
        builder = new MachineBuilder().guestMemory(memSize, backing).seed(seed).events(events);
        d.append("mem=").append(memSize >> 20).append("M backing=").append(backing);
        int units = 1 + r.nextInt(3);
        for (int i = 0; i < units; i++) {
            String id = "u" + i;
            // Weights 3:3:2:1:1: the two last cannot track dirty pages (SMMUv3 stage 2 answers no upstream).
            UnitSpec u = switch (r.nextInt(10)) {
                case 0, 1, 2 -> UnitSpec.of(id, IommuModel.AMD_V1);
                case 3, 4, 5 -> UnitSpec.of(id, IommuModel.VTD_SS);
                case 6, 7 -> UnitSpec.of(id, IommuModel.SMMUV3);
                case 8 -> UnitSpec.of(id, IommuModel.SMMUV3).withFormat(PageTableFormats.smmuV3(2, 4096), 2);
                default -> UnitSpec.of(id, IommuModel.AMD_V1).withFeatures(IommuFeatures.NONE);
            };
            if (hazard) {
                u = u.withFaults(new IommuFaults(true));
            }
            int entries = r.nextBoolean() && !hazard ? 16 : 64;
            u = u.withIotlb(entries, 4).withBatching(r.nextInt(4) == 0 ? InvalidationBatching.PER_ENTRY
                    : InvalidationBatching.GATHERED);
            builder.iommu(u);
            unitIds.add(id);
            d.append(" ").append(id).append("=").append(u.model().key()).append("/").append(u.format().name())
                    .append(u.features().dirtyTracking() ? "" : "(no-dirty)");
        }
        int devices = 1 + r.nextInt(3);
        DeviceKind[] kinds = {DeviceKind.NIC, DeviceKind.STORAGE, DeviceKind.GPU, DeviceKind.GENERIC,
            DeviceKind.NIC, DeviceKind.GENERIC, DeviceKind.EMULATED};
        for (int i = 0; i < devices; i++) {
            String id = "d" + i;
            DeviceKind kind = kinds[r.nextInt(kinds.length)];
            String unit = kind == DeviceKind.EMULATED ? null : unitIds.get(r.nextInt(unitIds.size()));
            // Under the hazard, writes are lost only while their pages stay in the IOTLB: small working sets.
            // (A NIC's working set also holds its 64 KiB descriptor ring.)
            long ws = hazard ? Math.max(kind.defaultAccessSize(), (1 + r.nextInt(12)) * 4096L)
                    + (kind == DeviceKind.NIC ? 64 * 1024L : 0) : (1 + r.nextInt(16)) * 256 * 1024L;
            long base = r.nextLong((memSize - ws) / (64 * 1024) + 1) * 64 * 1024;
            long rate = r.nextInt(12) == 0 ? 0 : 20_000_000L + r.nextLong(400_000_000L);
            DeviceWorkload.Config w = new DeviceWorkload.Config(rate, kind.defaultAccessSize(), kind.defaultPattern(),
                    base, ws, r.nextDouble() * 0.5, 1.0, 256 * 1024);
            DeviceTrackerSpec t = kind == DeviceKind.EMULATED ? null : switch (r.nextInt(4)) {
                case 0, 1 -> null;
                case 2 -> DeviceTrackerSpec.mlx5();
                default -> new DeviceTrackerSpec.Pds(1 + r.nextInt(4), r.nextBoolean()
                        ? PdsStyleTracker.Mode.SINGLE_REGION : PdsStyleTracker.Mode.MULTI_REGION);
            };
            VfioMigFlags flags = VfioMigFlags.allCombinations().get(r.nextInt(4));
            builder.device(DeviceSpec.of(id, kind, unit, w).withTracker(t)
                    .withMigration(flags, r.nextLong(2 * MIB), r.nextLong(10_000_000L)));
            deviceUnit.put(id, unit);
            workingSets.put(id, new long[] {base, ws});
            deviceHasTracker.put(id, t != null);
            d.append(" ").append(id).append("=").append(kind.key()).append("@").append(unit).append(" ")
                    .append(rate / 1_000_000).append("MB/s").append(t == null ? "" : " tracker=" + t)
                    .append(" flags=").append(flags);
        }
        int vcpus = 1 + r.nextInt(4);
        VcpuWorkload.Pattern[] patterns = VcpuWorkload.Pattern.values();
        VcpuWorkload.Pattern p = patterns[r.nextInt(patterns.length)];
        long vrate = r.nextInt(5) == 0 ? 0 : r.nextLong(200_000_000L);
        VcpuWorkload.Config vw = VcpuWorkload.Config.of(vrate, r.nextBoolean() ? 4096 : 64, p, 0, memSize, vcpus);
        VcpuSpec vs = r.nextBoolean()
                ? new VcpuSpec(vcpus, vw, VcpuDirtyLog.Mode.BITMAP, 0, r.nextBoolean())
                : new VcpuSpec(vcpus, vw, VcpuDirtyLog.Mode.DIRTY_RING, 1 << (6 + r.nextInt(7)), false);
        builder.vcpus(vs);
        d.append(" vcpus=").append(vcpus).append(" ").append(p).append(" ").append(vrate / 1_000_000)
                .append("MB/s ").append(vs.mode()).append(vs.ringEntries() > 0 ? "/" + vs.ringEntries() : "");
        description = d.toString();
    }

    /** A policy whose explicit per-device choices are each valid for that device on this machine. */
    VmmPolicy policy(Machine m) {
        Map<String, TrackerChoice> choices = new LinkedHashMap<>();
        for (MachineDevice dev : m.devices()) {
            // AUTO twice, NONE once: "no tracker" counts the device all-dirty or suspends it, which cannot lose pages.
            List<TrackerChoice> ok = new ArrayList<>(List.of(TrackerChoice.AUTO, TrackerChoice.AUTO));
            if (r.nextInt(4) == 0) {
                ok.add(TrackerChoice.NONE);
            }
            var h = m.hwptOf(dev);
            if (h != null && h.domain().hasDirtyOps()) {
                if (hazard && r.nextInt(4) != 0) {
                    choices.put(dev.id(), TrackerChoice.IOMMU); // the hazard loses pages only through IOMMU tracking
                    continue;
                }
                ok.add(TrackerChoice.IOMMU);
                ok.add(TrackerChoice.IOMMU);
            }
            if (dev.logging().supported()) {
                ok.add(TrackerChoice.DEVICE);
                ok.add(TrackerChoice.DEVICE);
            }
            choices.put(dev.id(), ok.get(r.nextInt(ok.size())));
        }
        SplitPolicy[] splits = SplitPolicy.values();
        return VmmPolicy.defaults()
                .withChoices(choices)
                .withNoTracker(r.nextBoolean() ? NoTrackerPolicy.ALL_DIRTY : NoTrackerPolicy.SUSPEND_EARLY)
                .withPreCopyDirtyPageTracking(r.nextInt(4) != 0)
                .withHotplugFallback(r.nextBoolean() ? HotplugFallback.SECOND_HWPT_ALL_DIRTY
                        : HotplugFallback.SUSPEND_EARLY)
                .withSplit(splits[r.nextInt(splits.length)]);
    }

    /** Sometimes hot-plugs one more device behind a random unit (which may lack dirty tracking). */
    void maybeHotplug(Vmm vmm) {
        if (r.nextInt(3) != 0) {
            return;
        }
        String unit = unitIds.get(r.nextInt(unitIds.size()));
        long ws = 512 * 1024L;
        long base = r.nextLong((memSize - ws) / (64 * 1024) + 1) * 64 * 1024;
        DeviceWorkload.Config w = DeviceWorkload.Config.of(50_000_000L + r.nextLong(200_000_000L), 4096,
                io.ioptexplorer.hardware.device.AccessPattern.RANDOM, base, ws);
        vmm.hotplug(DeviceSpec.of("hot", DeviceKind.STORAGE, unit, w));
        workingSets.put("hot", new long[] {base, ws});
        description += " +hotplug@" + unit;
    }

    /** Mostly several rounds: one round in ten, else 2-8; a downtime limit low enough that rounds go on. */
    LinkConfig link() {
        int rounds = r.nextInt(10) == 0 ? 1 : 2 + r.nextInt(7);
        return new LinkConfig(100_000_000L + r.nextLong(900_000_000L), 100_000L + r.nextLong(1_500_000L),
                rounds, 250_000L + r.nextLong(1_750_000L));
    }
}

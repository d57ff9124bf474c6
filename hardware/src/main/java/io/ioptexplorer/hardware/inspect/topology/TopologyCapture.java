package io.ioptexplorer.hardware.inspect.topology;

import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.Register;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.machine.DomainView;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@link TopologyView} off the machine, on the thread that runs it. Capability and enable bits are read from
 * the simulator's own registers ({@code iommu/Capabilities} built them), never restated here.
 */
public final class TopologyCapture {
    private TopologyCapture() {
    }

    /**
     * @param coverage per device, what the last migration plan said covers it (absent: read from the machine)
     * @param problems per device, an attach failure or hot-plug fallback to show
     * @param problemHeads per device, the same without the whys
     */
    public static TopologyView capture(Machine m, Map<String, String> coverage, Map<String, String> problems,
                                       Map<String, String> problemHeads) {
        VcpuDirtyLog log = m.vcpuLog();
        TopologyView.Vm vm = new TopologyView.Vm(m.vcpuSpec().count(), m.memory().size(),
                log.mode() == VcpuDirtyLog.Mode.DIRTY_RING ? "ring" : "bitmap",
                log.mode() == VcpuDirtyLog.Mode.DIRTY_RING ? log.ringCapacity() : 0);
        List<TopologyView.Unit> units = new ArrayList<>();
        for (IommuUnit u : m.units()) {
            units.add(new TopologyView.Unit(u.id(), u.model().name(), u.format().name(), u.capabilities().name(),
                    dirtyFields(u.capabilities(), u.model()), u.dirtyTrackingCapable(),
                    u.dirtyTrackingCapable() ? "dirty tracking" : u.hardwareDirtyTracking()
                            ? "hardware A/D but no upstream dirty ops" : "no dirty tracking"));
        }
        List<TopologyView.HwptNode> hwpts = new ArrayList<>();
        for (DomainView d : m.domains()) {
            hwpts.add(new TopologyView.HwptNode(d.hwptId(), d.unitId(), d.dirtyOps(), d.dirtyTracking(),
                    d.devices().stream().sorted().toList()));
        }
        List<TopologyView.DeviceNode> devices = new ArrayList<>();
        for (MachineDevice d : m.devices()) {
            Hwpt h = m.hwptOf(d);
            String unitId = d.emulated() ? "" : d.spec().unitId();
            String context = "";
            List<TopologyView.Bit> ctxBits = List.of();
            if (!d.emulated()) {
                IommuUnit.Port port = m.unit(unitId).port(d.id());
                if (port != null) {
                    context = port.context().name();
                    ctxBits = enableFields(port.context(), m.unit(unitId).model());
                }
            }
            String covered = coverage.getOrDefault(d.id(), coverageFromMachine(d, h));
            devices.add(new TopologyView.DeviceNode(d.id(), d.spec().kind().key(), unitId, h == null ? -1 : h.id(),
                    context, ctxBits, covered, d.migration().state().name(), problems.getOrDefault(d.id(), ""),
                    problemHeads.getOrDefault(d.id(), "")));
        }
        return new TopologyView(vm, units, hwpts, devices);
    }

    private static String coverageFromMachine(MachineDevice d, Hwpt h) {
        if (d.emulated()) {
            return "pinned pages (type1)";
        }
        if (h != null && h.domain().dirtyTrackingEnabled()) {
            return "IOMMU (hwpt " + h.id() + ")";
        }
        if (d.tracker() != null && d.logging() != null) {
            return "device tracker";
        }
        return "none";
    }

    /** The capability fields that say whether the unit can track dirty pages (all but housekeeping fields). */
    private static List<TopologyView.Bit> dirtyFields(Register r, IommuModel model) {
        List<String> names = switch (model) {
            case AMD_V1 -> List.of("HASup", "HDSup");
            case VTD_SS -> List.of("SSADS");
            case SMMUV3 -> List.of("HTTU");
            case RISCV -> List.of("AMO_HWAD");
            case MOCK -> List.of("NO_DIRTY");
        };
        return bits(r, names);
    }

    /** The descriptor fields that switch A/D updates on. */
    private static List<TopologyView.Bit> enableFields(Register r, IommuModel model) {
        List<String> names = switch (model) {
            case AMD_V1 -> List.of("HAD");
            case VTD_SS -> List.of("SSADE");
            case SMMUV3 -> List.of("HA", "HD");
            case RISCV -> List.of("SADE");
            case MOCK -> List.of("DIRTY_TRACKING");
        };
        return bits(r, names);
    }

    private static List<TopologyView.Bit> bits(Register r, List<String> names) {
        List<TopologyView.Bit> out = new ArrayList<>();
        for (String n : names) {
            out.add(new TopologyView.Bit(n, r.get(n)));
        }
        return out;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

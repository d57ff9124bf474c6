package io.ioptexplorer.hardware.inspect.topology;

import java.util.List;

/**
 * The machine as the topology diagram draws it: the VM, each IOMMU unit with its capability bits, each HWPT with its
 * dirty-tracking flag, each device with its descriptor's enable bits, the tracker that covers it, its VFIO state and
 * any attach failure. Immutable.
 */
public record TopologyView(Vm vm, List<Unit> units, List<HwptNode> hwpts, List<DeviceNode> devices) {
    public static final TopologyView EMPTY = new TopologyView(new Vm(0, 0, "bitmap", 0), List.of(), List.of(),
            List.of());

    public TopologyView {
        units = List.copyOf(units);
        hwpts = List.copyOf(hwpts);
        devices = List.copyOf(devices);
    }

    /** The guest: vCPUs, memory, and the KVM dirty log in use. */
    public record Vm(int vcpus, long memoryBytes, String dirtyLog, int ringEntries) {
    }

    /** A named bit field and its value, e.g. {@code HDSup = 1}. */
    public record Bit(String name, long value) {
        public String label() {
            return name + "=" + value;
        }
    }

    /**
     * An IOMMU unit.
     *
     * @param register     the capability register the driver reads (EFR, ECAP, IDR0, capabilities)
     * @param bits         its dirty-tracking fields
     * @param dirtyCapable whether the kernel reports IOMMU_HW_CAP_DIRTY_TRACKING for it
     * @param verdict      "dirty tracking", "hardware A/D but no upstream dirty ops" or "no dirty tracking"
     */
    public record Unit(String id, String model, String format, String register, List<Bit> bits, boolean dirtyCapable,
                       String verdict) {
        public Unit {
            bits = List.copyOf(bits);
        }
    }

    /** A paging HWPT: allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING or not, and tracking now or not. */
    public record HwptNode(int id, String unitId, boolean dirtyTrackingAllocated, boolean dirtyTrackingOn,
                           List<String> devices) {
        public HwptNode {
            devices = List.copyOf(devices);
        }
    }

    /**
     * A device.
     *
     * @param unitId    its IOMMU, or "" for an emulated device (pinned pages through type1)
     * @param hwptId    the HWPT it is attached to, or -1
     * @param context   the per-device descriptor holding the A/D enable knob (DTE, PASID entry, CD, DC.tc)
     * @param contextBits its enable fields (HAD; SSADE; HA, HD; SADE)
     * @param coveredBy what reports its writes: "IOMMU (hwpt N)", "device tracker (mlx5)", "pinned pages (type1)",
     *                  "all dirty", "suspended", "none"
     * @param vfioState its VFIO migration state
     * @param problem   an attach failure or hot-plug fallback, with errno and why; "" if none
     * @param problemHead the same without the whys ("attach to hwpt 4 failed: EINVAL"), short enough for a box
     */
    public record DeviceNode(String id, String kind, String unitId, int hwptId, String context, List<Bit> contextBits,
                             String coveredBy, String vfioState, String problem, String problemHead) {
        public DeviceNode {
            contextBits = List.copyOf(contextBits);
        }
    }
}

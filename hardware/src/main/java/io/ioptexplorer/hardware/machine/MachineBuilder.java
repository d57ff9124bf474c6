package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CostModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Programmatic assembly of a {@link Machine}, the interface a topology loader calls. Defaults: 64 MiB of guest
 * memory backed by 4 KiB pages, one idle vCPU with a bitmap dirty log, seed 1, the default cost model, no events.
 */
public final class MachineBuilder {
    private long memSize = 64L << 20;
    private long backingPageSize = 4096;
    private final List<UnitSpec> units = new ArrayList<>();
    private final List<DeviceSpec> devices = new ArrayList<>();
    private VcpuSpec vcpus = VcpuSpec.idle(1);
    private long seed = 1;
    private CostModel cost = CostModel.defaults();
    private EventSink events = EventSink.NONE;
    private boolean flatTables;

    public MachineBuilder guestMemory(long size, long backingPageSize) {
        this.memSize = size;
        this.backingPageSize = backingPageSize;
        return this;
    }

    public MachineBuilder iommu(UnitSpec unit) {
        units.add(Objects.requireNonNull(unit));
        return this;
    }

    public MachineBuilder device(DeviceSpec device) {
        devices.add(Objects.requireNonNull(device));
        return this;
    }

    public MachineBuilder vcpus(VcpuSpec spec) {
        this.vcpus = Objects.requireNonNull(spec);
        return this;
    }

    public MachineBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public MachineBuilder costModel(CostModel cost) {
        this.cost = Objects.requireNonNull(cost);
        return this;
    }

    /**
     * Keep the first table pages in one flat array ({@link io.ioptexplorer.hardware.memory.TablePagePool#withFlatTables}),
     * where the DMA walk reads an entry with one load: for a machine nobody copies (the command line's run). Off by
     * default: a window copies its machine at every checkpoint, which moves the array into slabs, so there it would
     * only add its size to the heap (the 64 GiB sample's window peaked at 625-749 MiB with it, 340-351 MiB without).
     */
    public MachineBuilder flatTables(boolean on) {
        this.flatTables = on;
        return this;
    }

    public MachineBuilder events(EventSink events) {
        this.events = Objects.requireNonNull(events);
        return this;
    }

    /** The machine with devices bound to iommufd but nothing mapped or attached. */
    public Machine build() {
        return new Machine(memSize, backingPageSize, units, devices, vcpus, seed, cost, events, flatTables);
    }

    /** {@link #build()}, then {@link Machine#attachAsVmm(boolean)}: what a VMM would set up at VM start. */
    public Machine buildAsVmm(boolean hugePages) {
        Machine m = build();
        m.attachAsVmm(hugePages);
        return m;
    }
}

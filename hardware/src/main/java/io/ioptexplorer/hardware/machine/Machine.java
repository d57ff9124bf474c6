package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.device.DmaDevice;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.IotlbStats;
import io.ioptexplorer.hardware.iommufd.HwInfo;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.iommufd.Iommufd;
import io.ioptexplorer.hardware.kvm.Memslot;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.PageTableStats;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.sim.CostModel;
import io.ioptexplorer.hardware.sim.SeededRandom;
import io.ioptexplorer.hardware.sim.SimClock;
import io.ioptexplorer.hardware.vfio.logging.DeviceDirtyTracker;
import io.ioptexplorer.hardware.vfio.logging.DmaLogging;
import io.ioptexplorer.hardware.vfio.logging.Mlx5StyleTracker;
import io.ioptexplorer.hardware.vfio.logging.PdsStyleTracker;
import io.ioptexplorer.hardware.vfio.migration.VfioMigrationDevice;
import io.ioptexplorer.hardware.vfio.type1.Type1Container;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One simulated host with one VM: guest memory, IOMMU units, passthrough devices bound to iommufd, the vCPUs with
 * KVM's dirty log, a simulated clock, one seeded random generator (passed to every workload, so the same
 * configuration and seed give the same run), the cost model and the event sink. Built by {@link MachineBuilder}.
 *
 * <p>{@link #attachAsVmm(boolean)} does what a VMM does at VM start: one IOAS with guest memory mapped at IOVA = GPA,
 * one paging HWPT per IOMMU unit, allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING where IOMMU_GET_HW_INFO reports
 * IOMMU_HW_CAP_DIRTY_TRACKING (QEMU hw/vfio/iommufd.c, reference §6; the "look at the devices plugged in at VM
 * start" approach of the 2022 thread, background/001).
 *
 * <p>Not thread-safe; it has no threads of its own.
 */
public final class Machine {
    private final SimClock clock;
    private final SeededRandom rng;
    private final long seed;
    private final EventSink events;
    private final CostModel cost;
    private final TablePagePool pool;
    private final GuestMemory memory;
    private final Map<String, IommuUnit> units = new LinkedHashMap<>();
    private final Iommufd iommufd;
    private final Map<String, MachineDevice> devices = new LinkedHashMap<>();
    private final Memslot memslot;
    private final VcpuDirtyLog vcpuLog;
    private final VcpuWorkload vcpuWorkload;
    private final VcpuSpec vcpuSpec;
    private DirtySet vcpuTruth = new DirtySet();
    private boolean vcpusRunning = true;
    private int ioasId = -1;
    private final Map<String, Integer> hwptByUnit = new LinkedHashMap<>();
    private Type1Container type1;

    Machine(long memSize, long backingPageSize, List<UnitSpec> unitSpecs, List<DeviceSpec> deviceSpecs,
            VcpuSpec vcpus, long seed, CostModel cost, EventSink events, boolean flatTables) {
        this.clock = new SimClock();
        this.seed = seed;
        this.rng = new SeededRandom(seed);
        this.events = events == null ? EventSink.NONE : events;
        this.pool = flatTables ? TablePagePool.withFlatTables() : new TablePagePool();
        this.cost = cost;
        this.memory = new GuestMemory(memSize, backingPageSize);
        this.iommufd = new Iommufd(pool, backingPageSize, this.events);
        for (UnitSpec u : unitSpecs) {
            if (units.containsKey(u.id())) {
                throw new IllegalArgumentException("IOMMU unit id " + u.id() + " used twice");
            }
            units.put(u.id(), new IommuUnit(u.id(), u.model(), u.format(), u.stage(), u.features(), u.iotlbEntries(),
                    u.iotlbWays(), u.faults(), u.batching(), cost, this.events));
        }
        this.memslot = new Memslot(0, 0, memSize);
        this.vcpuSpec = vcpus;
        this.vcpuLog = vcpus.mode() == VcpuDirtyLog.Mode.DIRTY_RING
                ? VcpuDirtyLog.dirtyRing(List.of(memslot), vcpus.count(), vcpus.ringEntries(), this.events)
                : VcpuDirtyLog.bitmap(List.of(memslot), vcpus.count(), vcpus.manualProtect(), false, this.events);
        this.vcpuWorkload = vcpus.workload() == null ? null : new VcpuWorkload(vcpus.workload(), rng, vcpuLog,
                this::vcpuWrote);
        for (DeviceSpec d : deviceSpecs) {
            createDevice(d, false);
        }
    }

    /** A guest write by a vCPU: the page versions and the vCPU side's ground truth. */
    private void vcpuWrote(int vcpu, long gpa, long length) {
        memory.write(gpa, length);
        vcpuTruth.addIovaRange(gpa, length);
    }

    /**
     * The copy of {@code o}: every piece of its mutable state copied (see {@link #copy}). Immutable configuration
     * (specs, cost model, memslot) is shared.
     */
    private Machine(Machine o, CopyContext ctx) {
        ctx.register(o, this);
        this.clock = o.clock.copy(ctx);
        this.rng = o.rng.copy(ctx);
        this.seed = o.seed;
        this.events = ctx.sink(o.events);
        this.cost = o.cost;
        this.pool = o.pool.copy(ctx);
        this.memory = o.memory.copy(ctx);
        for (IommuUnit u : o.units.values()) {
            units.put(u.id(), u.copy(ctx));
        }
        this.iommufd = o.iommufd.copy(ctx);
        for (MachineDevice d : o.devices.values()) {
            devices.put(d.id(), d.copy(ctx));
        }
        this.memslot = o.memslot;
        this.vcpuLog = o.vcpuLog.copy(ctx);
        this.vcpuWorkload = o.vcpuWorkload == null ? null : o.vcpuWorkload.copy(ctx, this::vcpuWrote);
        this.vcpuSpec = o.vcpuSpec;
        this.vcpuTruth = o.vcpuTruth.copy(ctx);
        this.vcpusRunning = o.vcpusRunning;
        this.ioasId = o.ioasId;
        this.hwptByUnit.putAll(o.hwptByUnit);
        this.type1 = o.type1 == null ? null : o.type1.copy(ctx);
        ctx.count(256L * (units.size() + devices.size()));
    }

    /**
     * A machine in the same state as this one, that this one's later work does not reach, nor its work this one:
     * guest memory and table pages shared copy-on-write, everything else copied; its components publish to
     * {@code ctx}'s copy of this machine's sink. The same seed's numbers are drawn from the same point on. Take it
     * between two operations (a step boundary), never from inside one: an operation in progress has state on the
     * Java stack that no copy can hold.
     */
    public Machine copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Machine(this, c));
    }

    private MachineDevice createDevice(DeviceSpec d, boolean hotplugged) {
        if (devices.containsKey(d.id())) {
            throw new IllegalArgumentException("device id " + d.id() + " used twice");
        }
        if (d.kind() == DeviceKind.EMULATED) {
            return createEmulated(d, hotplugged);
        }
        IommuUnit unit = units.get(d.unitId());
        if (unit == null) {
            throw new IllegalArgumentException("device " + d.id() + " names unknown IOMMU unit " + d.unitId());
        }
        IommuUnit.Port port = unit.port(d.id());
        DmaDevice dma = new DmaDevice(d.id(), d.kind(), port, memory);
        if (d.workload() != null) {
            DeviceWorkload.Config w = d.workload();
            if (!memory.contains(w.base(), w.workingSet())) {
                throw new IllegalArgumentException("device " + d.id() + "'s working set lies outside guest memory");
            }
            dma.setWorkload(new DeviceWorkload(w, rng));
        }
        DeviceDirtyTracker tracker = null;
        if (d.tracker() instanceof DeviceTrackerSpec.Mlx5 m) {
            tracker = new Mlx5StyleTracker(d.id(), m.caps(), events);
        } else if (d.tracker() instanceof DeviceTrackerSpec.Pds p) {
            tracker = new PdsStyleTracker(d.id(), p.maxRegions(), p.mode(), 0, events);
        }
        dma.setTracker(tracker);
        DmaLogging logging = new DmaLogging(d.id(), tracker, events);
        VfioMigrationDevice mig = new VfioMigrationDevice(d.id(), d.migFlags(), d.migStateBytes(),
                d.migDirtyBytesPerSecond(), events);
        int devId = iommufd.bindDevice(port);
        MachineDevice md = new MachineDevice(d, dma, mig, logging, tracker, devId, hotplugged);
        devices.put(d.id(), md);
        return md;
    }

    /**
     * An emulated (mdev-like) device: it joins the machine's legacy type1 container as an emulated-IOMMU group (the
     * container is created on first use with all guest memory mapped at IOVA = GPA) and reaches memory through
     * {@code vfio_dma_rw}; its dirty pages are what type1 records for pinned and dma_rw pages (reference §5.4).
     */
    private MachineDevice createEmulated(DeviceSpec d, boolean hotplugged) {
        if (type1 == null) {
            type1 = new Type1Container(events);
            type1.attachGroup(d.id(), Type1Container.GroupType.EMULATED_IOMMU);
            type1.map(0, memory.size());
        } else {
            type1.attachGroup(d.id(), Type1Container.GroupType.EMULATED_IOMMU);
        }
        DeviceWorkload wl = null;
        if (d.workload() != null) {
            if (!memory.contains(d.workload().base(), d.workload().workingSet())) {
                throw new IllegalArgumentException("device " + d.id() + "'s working set lies outside guest memory");
            }
            wl = new DeviceWorkload(d.workload(), rng);
        }
        VfioMigrationDevice mig = new VfioMigrationDevice(d.id(), d.migFlags(), d.migStateBytes(),
                d.migDirtyBytesPerSecond(), events);
        DmaLogging logging = new DmaLogging(d.id(), null, events);
        MachineDevice md = new MachineDevice(d, null, mig, logging, null, -1, hotplugged, type1, wl, memory);
        devices.put(d.id(), md);
        return md;
    }

    /** The legacy type1 container of the emulated devices, or null when there are none. */
    public Type1Container type1() {
        return type1;
    }

    // ---- assembly as a VMM does it

    /**
     * VM start as a VMM does it: an IOAS with IOMMU_OPTION_HUGE_PAGES as given, all guest memory mapped at IOVA = GPA
     * (read/write), and for each device, in order: IOMMU_GET_HW_INFO, then attach to its unit's HWPT, allocating
     * that HWPT on first use with IOMMU_HWPT_ALLOC_DIRTY_TRACKING iff the device's answer has
     * IOMMU_HW_CAP_DIRTY_TRACKING. Emits a {@link MachineEvents.CapabilityNegotiated} per device.
     *
     * @param hugePages false maps with the host page size only (the HUGE_PAGES=0 way, split policy "base-pages")
     */
    public void attachAsVmm(boolean hugePages) {
        if (ioasId >= 0) {
            throw new IllegalStateException("guest memory is already mapped (IOAS " + ioasId + ")");
        }
        ioasId = iommufd.ioasAlloc();
        iommufd.setHugePages(ioasId, hugePages);
        iommufd.ioasMap(ioasId, 0, memory.size(), memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        emit(new MachineEvents.GuestMemoryMapped(ioasId, 0, memory.size(), memory.hostPhysical(0), hugePages));
        for (MachineDevice d : devices.values()) {
            if (!d.emulated()) {
                attachAtStart(d);
            }
        }
    }

    private void attachAtStart(MachineDevice d) {
        HwInfo hw = iommufd.getHwInfo(d.devId());
        Integer hwptId = hwptByUnit.get(d.spec().unitId());
        boolean allocated = false;
        if (hwptId == null) {
            hwptId = iommufd.hwptAlloc(d.devId(), ioasId, hw.dirtyTracking() ? Iommufd.HWPT_ALLOC_DIRTY_TRACKING : 0);
            hwptByUnit.put(d.spec().unitId(), hwptId);
            allocated = true;
        }
        iommufd.attach(d.devId(), hwptId);
        emit(new MachineEvents.CapabilityNegotiated(d.id(), d.spec().unitId(), hw.dirtyTracking(), hwptId, allocated,
                iommufd.hwpt(hwptId).domain().hasDirtyOps()));
    }

    /**
     * Adds a device to the running VM: creates it and binds it to iommufd, but does not attach it; the VMM decides
     * where (see {@code Vmm.hotplug}).
     */
    public MachineDevice hotplug(DeviceSpec spec) {
        MachineDevice d = createDevice(spec, true);
        emit(new MachineEvents.DeviceHotplugged(spec.id(), spec.unitId()));
        return d;
    }

    /**
     * Attaches a device to a HWPT; on EINVAL emits {@link MachineEvents.AttachRefused} and rethrows.
     */
    public void attach(MachineDevice d, int hwptId) {
        try {
            iommufd.attach(d.devId(), hwptId);
        } catch (ErrnoException e) {
            emit(new MachineEvents.AttachRefused(d.id(), hwptId, e.errno().name(), e.why()));
            throw e;
        }
    }

    /** Allocates a new HWPT for a device on the VMM's IOAS, attaches it, and records it as its unit's HWPT. */
    public int allocateAndAttach(MachineDevice d, boolean dirtyTracking) {
        HwInfo hw = iommufd.getHwInfo(d.devId());
        if (dirtyTracking && !hw.dirtyTracking()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "device " + d.id() + "'s IOMMU lacks dirty tracking");
        }
        int hwptId = iommufd.hwptAlloc(d.devId(), ioasId, dirtyTracking ? Iommufd.HWPT_ALLOC_DIRTY_TRACKING : 0);
        hwptByUnit.putIfAbsent(d.spec().unitId(), hwptId);
        attach(d, hwptId);
        emit(new MachineEvents.CapabilityNegotiated(d.id(), d.spec().unitId(), hw.dirtyTracking(), hwptId, true,
                dirtyTracking));
        return hwptId;
    }

    // ---- running

    /**
     * Lets {@code nanos} of simulated time pass as one slice: every running device performs its DMA due in the slice
     * (devices in declaration order), then the vCPUs their writes (when running), then the clock advances.
     */
    public void step(long nanos) {
        for (MachineDevice d : devices.values()) {
            d.run(nanos);
        }
        if (vcpusRunning && vcpuWorkload != null) {
            vcpuWorkload.advance(nanos);
        }
        clock.advance(nanos);
    }

    /**
     * Runs {@code nanos} in slices of {@code sliceNs} outside migration. Dirty rings that fill are harvested and reset
     * at the end of each slice (their contents dropped: nobody is migrating), as a VMM's reaper would.
     */
    public void run(long nanos, long sliceNs) {
        if (sliceNs <= 0) {
            throw new IllegalArgumentException("slice must be positive");
        }
        for (long t = 0; t < nanos; t += sliceNs) {
            step(Math.min(sliceNs, nanos - t));
            if (vcpuLog.mode() == VcpuDirtyLog.Mode.DIRTY_RING) {
                for (int v = 0; v < vcpuLog.vcpuCount(); v++) {
                    if (vcpuLog.isVcpuStopped(v)) {
                        vcpuLog.harvestAll();
                        vcpuLog.resetRings();
                        break;
                    }
                }
            }
        }
    }

    /** Pauses or resumes the vCPUs (the VMM stops them for stop-and-copy). */
    public void setVcpusRunning(boolean running) {
        this.vcpusRunning = running;
    }

    public boolean vcpusRunning() {
        return vcpusRunning;
    }

    /** Guest pages the vCPUs wrote since the previous call (ground truth of the vCPU side). */
    public DirtySet takeVcpuTruth() {
        DirtySet t = vcpuTruth;
        vcpuTruth = new DirtySet();
        return t;
    }

    // ---- queries

    public SimClock clock() {
        return clock;
    }

    /** The one seeded generator every workload draws from. */
    public RandomGenerator rng() {
        return rng;
    }

    public long seed() {
        return seed;
    }

    public EventSink events() {
        return events;
    }

    public CostModel cost() {
        return cost;
    }

    public TablePagePool tablePool() {
        return pool;
    }

    public GuestMemory memory() {
        return memory;
    }

    public Iommufd iommufd() {
        return iommufd;
    }

    /** The VMM's IOAS, or -1 before {@link #attachAsVmm}. */
    public int ioasId() {
        return ioasId;
    }

    public boolean attached() {
        return ioasId >= 0;
    }

    public Collection<IommuUnit> units() {
        return Collections.unmodifiableCollection(units.values());
    }

    public IommuUnit unit(String id) {
        return units.get(id);
    }

    public Collection<MachineDevice> devices() {
        return Collections.unmodifiableCollection(devices.values());
    }

    public MachineDevice device(String id) {
        return devices.get(id);
    }

    public Memslot memslot() {
        return memslot;
    }

    public VcpuDirtyLog vcpuLog() {
        return vcpuLog;
    }

    /** The vCPU write workload, or null when the vCPUs are idle. */
    public VcpuWorkload vcpuWorkload() {
        return vcpuWorkload;
    }

    public VcpuSpec vcpuSpec() {
        return vcpuSpec;
    }

    /** The HWPT a device is attached to, or null. */
    public Hwpt hwptOf(MachineDevice d) {
        if (d.dma() == null) {
            return null;
        }
        var domain = d.dma().port().domain();
        if (domain == null) {
            return null;
        }
        for (Hwpt h : iommufd.hwpts()) {
            if (h.domain() == domain) {
                return h;
            }
        }
        return null;
    }

    /** Every paging HWPT with its page-table shape and counters. */
    public List<DomainView> domains() {
        List<DomainView> out = new ArrayList<>();
        for (Hwpt h : iommufd.hwpts()) {
            PageTableStats s = h.domain().pageTable().stats();
            out.add(new DomainView(h.id(), h.allocatedFor().id(), h.domain().format().name(),
                    h.domain().attachedDevices(), h.domain().hasDirtyOps(), h.domain().dirtyTrackingEnabled(),
                    s.leavesBySize(), s.liveTablePages(), s.splits(), s.collapses(), s.mappedBytes()));
        }
        return out;
    }

    /** Every device-side tracker: the DMA-logging trackers of passthrough devices and the type1 container. */
    public List<DeviceTrackerView> trackers() {
        List<DeviceTrackerView> out = new ArrayList<>();
        for (MachineDevice d : devices.values()) {
            DeviceDirtyTracker t = d.tracker();
            if (t != null) {
                out.add(new DeviceTrackerView(d.id(), t instanceof Mlx5StyleTracker ? "mlx5" : "pds", t.isLogging(),
                        t.trackedPageSize(), t.trackedRanges(), t.pendingDirtyUnits(), t.untrackedBytes()));
            } else if (d.emulated()) {
                out.add(new DeviceTrackerView(d.id(), "type1", type1.isDirtyTracking(), type1.pgsize(),
                        type1.mappings(), 0, 0));
            }
        }
        return out;
    }

    /** IOTLB counters of every unit, by unit id. */
    public Map<String, IotlbStats> iotlbStats() {
        Map<String, IotlbStats> out = new LinkedHashMap<>();
        for (IommuUnit u : units.values()) {
            out.put(u.id(), u.iotlb().stats());
        }
        return out;
    }

    private void emit(SimEvent e) {
        if (events.recordsEnabled()) { // the assembly's rare records
            events.emit(e);
        }
    }
}

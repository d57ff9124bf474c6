package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.IotlbStats;
import io.ioptexplorer.hardware.iommufd.HwInfo;
import io.ioptexplorer.hardware.iommufd.Iommufd;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.scenario.MigrationSpec;
import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.hardware.vfio.type1.Type1Container;
import io.ioptexplorer.hardware.vmm.HotplugFallback;
import io.ioptexplorer.hardware.vmm.LinkConfig;
import io.ioptexplorer.hardware.vmm.MigrationResult;
import io.ioptexplorer.hardware.vmm.NoTrackerPolicy;
import io.ioptexplorer.hardware.vmm.PreCopyMigration;
import io.ioptexplorer.hardware.vmm.SplitPolicy;
import io.ioptexplorer.hardware.vmm.TrackerChoice;
import io.ioptexplorer.hardware.vmm.Vmm;
import io.ioptexplorer.hardware.vmm.VmmPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Carries out one step operation against the machine, the way the kernel interface it is named after does. */
final class StepExecutor {
    /** Workload steps advance time in slices this long so DMA and vCPU writes interleave. */
    static final long SLICE_NS = 1_000_000;

    private final Topology topology;
    private final Machine machine;
    private final Iommufd fd;
    /** Step-file names of IOAS and HWPT objects → iommufd ids. */
    private final Map<String, Integer> ids;
    private boolean type1GroupsJoined;
    private Vmm vmm;
    private MigrationResult lastMigration;
    private ScenarioRun.Progress progress;

    StepExecutor(Topology topology, Machine machine, Map<String, Integer> ids) {
        this.topology = topology;
        this.machine = machine;
        this.fd = machine.iommufd();
        this.ids = new LinkedHashMap<>(ids);
    }

    /** The same executor on the copy of its machine: the step file's object names, the VMM, the last migration. */
    StepExecutor copy(CopyContext ctx) {
        StepExecutor e = new StepExecutor(topology, machine.copy(ctx), ids);
        e.type1GroupsJoined = type1GroupsJoined;
        e.vmm = vmm == null ? null : vmm.copy(ctx);
        e.lastMigration = lastMigration; // an immutable record
        return e;
    }

    void setProgress(ScenarioRun.Progress progress) {
        this.progress = progress;
    }

    MigrationResult lastMigration() {
        return lastMigration;
    }

    void execute(Step step, Map<String, Object> out) {
        StepHandlers.run(this, step.args(), out);
    }

    // ---- one method per registry operation (StepHandlers points each StepOps.Operation here)

    void ioasAlloc(StepArgs.IoasAlloc x) {
        ids.put(x.id(), fd.ioasAlloc());
    }

    void ioasOption(StepArgs.IoasOption x) {
        fd.setHugePages(id(x.ioas()), x.hugePages());
    }

    void ioasUnmap(StepArgs.IoasUnmap x, Map<String, Object> out) {
        out.put("unmapped", fd.ioasUnmap(id(x.ioas()), x.iova(), x.length()));
    }

    void hwptAlloc(StepArgs.HwptAlloc x) {
        int flags = (x.dirtyTracking() ? Iommufd.HWPT_ALLOC_DIRTY_TRACKING : 0)
                | (x.nestParent() ? Iommufd.HWPT_ALLOC_NEST_PARENT : 0);
        ids.put(x.id(), fd.hwptAlloc(device(x.device()).devId(), id(x.ioas()), flags));
    }

    void detach(StepArgs.Detach x) {
        fd.detach(device(x.device()).devId());
    }

    void setDirtyTracking(StepArgs.SetDirtyTracking x) {
        fd.setDirtyTracking(id(x.hwpt()), x.enable() ? Iommufd.HWPT_DIRTY_TRACKING_ENABLE : 0);
    }

    void getDirtyBitmap(StepArgs.GetDirtyBitmap x, Map<String, Object> out) {
        IovaBitmap b = fd.getDirtyBitmap(id(x.hwpt()), x.iova(), x.length(), x.pageSize(),
                x.noClear() ? Iommufd.HWPT_GET_DIRTY_BITMAP_NO_CLEAR : 0);
        putBitmap(out, b, id(x.hwpt()));
    }

    void split(StepArgs.Split x, Map<String, Object> out) {
        IommuDomain d = fd.hwpt(id(x.hwpt())).domain();
        d.splitAndFlush(x.iova(), x.length(), x.pageSize().orElse(d.format().granule()));
        out.put("leaves", leavesIn(d, x.iova(), x.length()));
    }

    void collapse(StepArgs.Collapse x, Map<String, Object> out) {
        IommuDomain d = fd.hwpt(id(x.hwpt())).domain();
        d.collapseAndFlush(x.iova(), x.length());
        out.put("leaves", leavesIn(d, x.iova(), x.length()));
    }

    void dmaLoggingStart(StepArgs.DmaLoggingStart x, Map<String, Object> out) {
        List<IovaRange> ranges = x.ranges().stream().map(r -> new IovaRange(r.iova(), r.length())).toList();
        out.put("page-size", device(x.device()).logging().start(x.pageSize(), ranges));
    }

    void dmaLoggingReport(StepArgs.DmaLoggingReport x, Map<String, Object> out) {
        putBitmap(out, device(x.device()).logging().report(x.iova(), x.length(), x.pageSize()),
                BitmapValue.NO_HWPT);
    }

    void dmaLoggingStop(StepArgs.DmaLoggingStop x) {
        device(x.device()).logging().stop();
    }

    void migState(StepArgs.MigState x, Map<String, Object> out) {
        List<VfioMigState> path = device(x.device()).migration().setState(x.state());
        out.put("path", path.stream().map(Enum::name).toList());
        out.put("state", device(x.device()).migration().state().name());
    }

    // ---- iommufd

    void ioasMap(StepArgs.IoasMap x, Map<String, Object> out) {
        GuestMemory mem = machine.memory();
        long gpa = x.guestAddress().orElse(x.iova().orElse(0));
        if (x.length() == 0) {
            // iopt_alloc_pages() refuses an empty range before anything looks at the memory.
            fd.ioasMap(id(x.ioas()), x.iova().orElse(0), 0, 0, Iommufd.IOAS_MAP_READABLE);
        }
        if (!mem.contains(gpa, x.length())) {
            throw new ErrnoException(Errno.EFAULT, String.format("guest memory 0x%x+0x%x lies outside the "
                    + "VM's 0x%x bytes; give guest-address", gpa, x.length(), mem.size()));
        }
        int flags = (x.prot().read() ? Iommufd.IOAS_MAP_READABLE : 0) | (x.prot().write()
                ? Iommufd.IOAS_MAP_WRITEABLE : 0) | (x.iova().isPresent() ? Iommufd.IOAS_MAP_FIXED_IOVA : 0);
        out.put("iova", fd.ioasMap(id(x.ioas()), x.iova().orElse(0), x.length(), mem.hostPhysical(gpa), flags));
    }

    /** Attach to a HWPT, or to an IOAS: then the kernel allocates a paging domain for the device (auto domain). */
    void attach(StepArgs.Attach x) {
        MachineDevice d = device(x.device());
        int hwpt;
        if (x.hwpt().isPresent()) {
            hwpt = id(x.hwpt().get());
        } else {
            hwpt = fd.hwptAlloc(d.devId(), id(x.ioas().orElseThrow()), 0);
        }
        machine.attach(d, hwpt);
    }

    void getHwInfo(StepArgs.GetHwInfo x, Map<String, Object> out) {
        MachineDevice d = device(x.device());
        HwInfo info = fd.getHwInfo(d.devId());
        IommuUnit unit = d.dma().port().unit();
        out.put("dirty-tracking", info.dirtyTracking());
        out.put("model", unit.model().key());
        List<Long> sizes = new ArrayList<>();
        long mask = unit.pgsizeBitmap();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                sizes.add(1L << bit);
            }
        }
        out.put("page-sizes", sizes);
        out.put("capabilities", info.outCapabilities());
    }

    // ---- DMA and time

    void dma(StepArgs.Dma x, Map<String, Object> out) {
        MachineDevice d = device(x.device());
        if (d.emulated()) {
            // An emulated device has no IOMMU: its DMA goes through vfio_dma_rw in the type1 container.
            long bytes = 0;
            for (long off = 0; off < x.length(); off += x.stride()) {
                long len = Math.min(x.size(), x.length() - off);
                type1().dmaRw(d.type1Group(), x.iova() + off, len, x.write());
                if (x.write()) {
                    machine.memory().write(x.iova() + off, len);
                }
                bytes += len;
            }
            out.put("faults", 0L);
            out.put("bytes", bytes);
            return;
        }
        IommuUnit unit = d.dma().port().unit();
        IotlbStats before = unit.iotlb().stats();
        long faultsBefore = d.dma().stats().faults();
        long bytes = d.dma().dmaStrided(x.iova(), x.length(), x.stride(), x.size(), x.write());
        IotlbStats after = unit.iotlb().stats();
        out.put("faults", d.dma().stats().faults() - faultsBefore);
        out.put("iotlb-hits", after.hits() - before.hits());
        out.put("iotlb-misses", after.misses() - before.misses());
        out.put("bytes", bytes);
    }

    /** Lets simulated time pass with the workloads running: all of them, one device's, or the vCPUs'. */
    void workload(StepArgs.Workload x, Map<String, Object> out) {
        for (MachineDevice d : machine.devices()) {
            d.takeTruth();
        }
        machine.takeVcpuTruth();
        long bytesBefore = bytesWritten();
        DirtySet pages = new DirtySet();
        String source = x.source().orElse(null);
        if (source == null) {
            machine.run(x.duration(), SLICE_NS);
        } else if (source.equals(StepArgs.Workload.VCPUS)) {
            if (machine.vcpuWorkload() == null) {
                throw new IllegalArgumentException("the VM has no vcpu-workload to run");
            }
            for (long t = 0; t < x.duration(); t += SLICE_NS) {
                long dt = Math.min(SLICE_NS, x.duration() - t);
                machine.vcpuWorkload().advance(dt);
                machine.clock().advance(dt);
            }
        } else {
            MachineDevice d = device(source);
            DeviceWorkload saved = d.dma().workload();
            x.override().ifPresent(w -> d.dma().setWorkload(new DeviceWorkload(new DeviceWorkload.Config(w.rate(),
                    (int) w.size(), io.ioptexplorer.hardware.device.AccessPattern.valueOf(w.pattern().name()),
                    saved != null ? saved.config().base() : 0, w.workingSet(), w.readRatio(), 1.0, 2L << 20),
                    machine.rng())));
            if (d.dma().workload() == null) {
                throw new IllegalArgumentException("device " + source + " has no workload to run");
            }
            // Only this device runs (when its migration state lets it). Its writes are counted here: the device's
            // own ground truth is recorded by Machine.step, which would run every device.
            DeviceWorkload w = d.dma().workload();
            for (long t = 0; t < x.duration(); t += SLICE_NS) {
                long dt = Math.min(SLICE_NS, x.duration() - t);
                if (d.running()) {
                    w.advance(dt, (iova, length, write) -> {
                        long done = d.dma().dma(iova, length, write);
                        if (write && done > 0) {
                            pages.addIovaRange(iova, length); // IOVA = GPA in the VMM's mapping
                        }
                    });
                }
                machine.clock().advance(dt);
            }
            if (x.override().isPresent()) {
                d.dma().setWorkload(saved);
            }
        }
        for (MachineDevice d : machine.devices()) {
            pages.union(d.takeTruth());
        }
        pages.union(machine.takeVcpuTruth());
        out.put("bytes", bytesWritten() - bytesBefore);
        out.put("dirty-pages", pages.cardinality());
    }

    private long bytesWritten() {
        long b = 0;
        for (MachineDevice d : machine.devices()) {
            b += d.dma().stats().bytesWritten();
        }
        if (machine.vcpuWorkload() != null) {
            b += machine.vcpuWorkload().bytesWritten();
        }
        return b;
    }

    /** Guest writes by vCPU 0 at every stride, logged by KVM's dirty log like any vCPU write. */
    void vcpuWrite(StepArgs.VcpuWrite x, Map<String, Object> out) {
        DirtySet pages = new DirtySet();
        for (long off = 0; off < x.length(); off += x.stride()) {
            long len = Math.min(x.size(), x.length() - off);
            long written = machine.vcpuLog().writeRange(0, x.gpa() + off, len);
            if (written > 0) {
                machine.memory().write(x.gpa() + off, written);
                pages.addIovaRange(x.gpa() + off, written);
            }
        }
        out.put("dirty-pages", pages.cardinality());
    }

    // ---- IOTLB

    int iotlbInvalidate(StepArgs.IotlbInvalidate x) {
        List<IommuDomain> domains = new ArrayList<>();
        List<IommuUnit> units = new ArrayList<>();
        if (x.hwpt().isPresent()) {
            IommuDomain d = fd.hwpt(id(x.hwpt().get())).domain();
            domains.add(d);
            units.addAll(d.units());
        } else {
            IommuUnit u = machine.unit(x.iommu().orElseThrow());
            if (u == null) {
                throw new ErrnoException(Errno.ENOENT, "no IOMMU named " + x.iommu().get());
            }
            units.add(u);
            for (var h : fd.hwpts()) {
                if (h.domain().units().contains(u)) {
                    domains.add(h.domain());
                }
            }
        }
        int dropped = 0;
        for (IommuDomain d : domains) {
            for (IommuUnit u : units) {
                if (!d.units().contains(u)) {
                    continue;
                }
                dropped += x.range().isPresent()
                        ? u.flushRange(d, x.range().get().iova(), x.range().get().end(), d.format().granule(),
                        "requested")
                        : u.flushDomain(d, "requested");
            }
        }
        return dropped;
    }

    // ---- legacy type1

    /**
     * The VM's legacy VFIO type1 container (the machine's, holding its emulated devices). The first type1 step also
     * puts every passthrough device present in the VM in it as a plain IOMMU group, as a VM on the legacy interface
     * has them: one such group makes every mapped page dirty on each GET (reference §5.4). A device declared
     * {@code hotplug: true} joins only when a {@code hotplug} step plugs it in.
     */
    private Type1Container type1() {
        Type1Container c = machine.type1();
        if (c == null) {
            throw new ErrnoException(Errno.ENOTTY, "this VM has no legacy type1 container: declare an emulated "
                    + "device (kind: emulated) to use type1-dirty");
        }
        if (!type1GroupsJoined) {
            type1GroupsJoined = true;
            for (MachineDevice d : machine.devices()) {
                if (!d.emulated()) {
                    c.attachGroup(d.id(), Type1Container.GroupType.IOMMU);
                }
            }
        }
        return c;
    }

    void type1Dirty(StepArgs.Type1Dirty x, Map<String, Object> out) {
        Type1Container c = type1();
        switch (x.action()) {
            case START -> c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
            case STOP -> c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
            case GET_BITMAP -> {
                StepArgs.Range r = x.range().orElse(new StepArgs.Range(0, machine.memory().size()));
                putBitmap(out, c.getDirtyBitmap(r.iova(), r.length(), x.pageSize().orElse(c.pgsize())),
                        BitmapValue.NO_HWPT);
            }
        }
    }

    // ---- migration

    /** The VM's VMM, created when first needed with the file's migration settings. */
    private Vmm vmm(MigrationSpec settings) {
        VmmPolicy policy = policy(settings);
        if (vmm == null) {
            vmm = new Vmm(machine, policy);
        } else if (!vmm.policy().equals(policy)) {
            vmm = vmm.withPolicy(policy); // keeps hot-plug fallbacks and retained dirty pages
        }
        return vmm;
    }

    private VmmPolicy policy(MigrationSpec m) {
        Map<String, TrackerChoice> perDevice = new LinkedHashMap<>();
        for (var d : topology.devices()) {
            d.dirtyTracking().ifPresent(t -> perDevice.put(d.id(), TrackerChoice.valueOf(t.name())));
        }
        return new VmmPolicy(TrackerChoice.valueOf(m.dirtyTracking().name()), perDevice,
                NoTrackerPolicy.valueOf(m.noTrackerPolicy().name()), switch (m.hotplugFallback()) {
                    case SECOND_HWPT -> HotplugFallback.SECOND_HWPT_ALL_DIRTY;
                    case SUSPEND -> HotplugFallback.SUSPEND_EARLY;
                    case BLOCK -> HotplugFallback.BLOCK_MIGRATION;
                }, m.precopyDirtyTracking(), SplitPolicy.valueOf(m.split().name()));
    }

    private MigrationSpec fileMigration() {
        return topology.migration().orElse(MigrationSpec.defaults(
                io.ioptexplorer.hardware.scenario.SourceLocation.startOf(topology.sourceName())));
    }

    /** The VMM hot-plugs the device: tries the VM's HWPTs, and on refusal applies the file's fallback. */
    void hotplug(StepArgs.Hotplug x, Map<String, Object> out) {
        var spec = TopologyMachine.passthroughDevices(topology, true).stream()
                .filter(d -> d.id().equals(x.device())).findFirst()
                .orElseThrow(() -> new ErrnoException(Errno.ENOENT, "device '" + x.device() + "' is not declared "
                        + "with hotplug: true"));
        if (machine.device(x.device()) != null) {
            throw new ErrnoException(Errno.EBUSY, "device '" + x.device() + "' is already plugged in");
        }
        Vmm v = vmm(fileMigration());
        MachineDevice d = v.hotplug(spec);
        if (type1GroupsJoined && !d.emulated()) {
            // VFIO_GROUP_SET_CONTAINER of the new device's group: a real device, outside the pinned-page scope.
            machine.type1().attachGroup(d.id(), Type1Container.GroupType.IOMMU);
        }
        HotplugFallback fallback = v.hotplugFallbacks().get(d.id());
        var hwpt = machine.hwptOf(d);
        out.put("dirty-tracking", hwpt != null && hwpt.domain().hasDirtyOps());
        out.put("fallback", fallback == null ? "none" : switch (fallback) {
            case SECOND_HWPT_ALL_DIRTY -> "second-hwpt";
            case SUSPEND_EARLY -> "suspend";
            case BLOCK_MIGRATION -> "block";
        });
    }

    void migrate(MigrationSpec m, Map<String, Object> out) {
        if (lastMigration != null && lastMigration.result() == MigrationResult.Result.COMPLETED) {
            out.put("source-resumed", resumeSource());
        }
        Vmm vmm = vmm(m);
        List<String> blockers = vmm.vfioMigrationBlockers();
        if (!blockers.isEmpty()) {
            // QEMU refuses before the migration starts (migration_is_blocked), as a QMP error, not mid-stream.
            throw new ErrnoException(Errno.ENOTTY, "migration refused before it started, as QEMU refuses it:"
                    + " a migration blocker was registered when the device was realized (vfio_migration_realize,"
                    + " migrate_add_blocker): " + String.join("; ", blockers));
        }
        PreCopyMigration migration = vmm.prepareMigration(LinkConfig.of(m.bandwidth(), m.downtimeLimit(),
                m.maxRounds()));
        int reported = 0;
        boolean more;
        do {
            more = migration.stepRound(); // the last round also runs stop-and-copy and returns false
            if (progress != null && migration.rounds().size() > reported) {
                reported = migration.rounds().size();
                progress.migrationRound(reported - 1, m.maxRounds());
            }
        } while (more);
        MigrationResult r = migration.result();
        lastMigration = r;
        out.put("result", r.result().name().toLowerCase(java.util.Locale.ROOT));
        if (r.reason() != null && !r.reason().isBlank()) {
            out.put("reason", r.reason());
        }
        out.put("rounds", (long) r.preCopyRounds());
        out.put("downtime", r.downtimeNs());
        out.put("transferred", r.bytesSent()); // guest pages and device state (bytesSent includes both)
        out.put("total-time", r.totalNs());
        out.put("lost-pages", r.verification() == null ? 0L : r.verification().mismatches());
    }

    /**
     * A completed migration leaves the source paused (QEMU's postmigrate run state: vCPUs stopped, VFIO devices in
     * STOP). Before another {@code migrate} step the source is resumed as QEMU's {@code cont} does from postmigrate:
     * vCPUs run again and every device is brought back to RUNNING through the VFIO state machine. Without this, a
     * second migrate step would migrate an idle VM and compare nothing. Returns whether anything had to be resumed.
     */
    private boolean resumeSource() {
        boolean resumed = !machine.vcpusRunning();
        machine.setVcpusRunning(true);
        for (MachineDevice d : machine.devices()) {
            if (d.migration().state() != VfioMigState.RUNNING) {
                d.migration().setState(VfioMigState.RUNNING);
                resumed = true;
            }
        }
        return resumed;
    }

    // ---- helpers

    private int id(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            throw new ErrnoException(Errno.ENOENT, "no IOAS or HWPT named '" + name + "' exists at this step");
        }
        return id;
    }

    private MachineDevice device(String name) {
        MachineDevice d = machine.device(name);
        if (d == null) {
            throw new ErrnoException(Errno.ENOENT, "device '" + name + "' is not a passthrough device of this VM");
        }
        return d;
    }

    private static void putBitmap(Map<String, Object> out, IovaBitmap b, int hwpt) {
        BitmapValue v = BitmapValue.of(b, hwpt);
        out.put("bitmap", v);
        out.put("dirty-bits", v.cardinality());
    }

    private static long leavesIn(IommuDomain d, long iova, long length) {
        long[] n = {0};
        d.pageTable().forEachLeaf(iova, length, (leafIova, size, pa, prot, accessed, dirty) -> n[0]++);
        return n[0];
    }
}

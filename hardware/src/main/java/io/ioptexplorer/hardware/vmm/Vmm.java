package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommufd.HwInfo;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.iommufd.Iommufd;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The VMM of one machine: it owns the tracker policy, handles hot-plug with the capability negotiation the threads
 * debate, and runs live migrations ({@link #prepareMigration} / {@link #migrate}).
 */
public final class Vmm {
    private final Machine machine;
    private final VmmPolicy policy;
    private final Map<String, HotplugFallback> fallbacks = new LinkedHashMap<>();
    private final DirtySet retained = new DirtySet();
    private final Map<Integer, List<long[]>> earlySplits = new LinkedHashMap<>();

    /**
     * Sets the machine up as a VMM does at VM start if that was not done yet (huge pages off for
     * {@link SplitPolicy#BASE_PAGES}).
     */
    public Vmm(Machine machine, VmmPolicy policy) {
        this.machine = Objects.requireNonNull(machine);
        this.policy = Objects.requireNonNull(policy);
        if (!machine.attached()) {
            machine.attachAsVmm(policy.split() != SplitPolicy.BASE_PAGES);
        } else if (policy.split() == SplitPolicy.BASE_PAGES
                && machine.iommufd().ioas(machine.ioasId()).hugePages()) {
            throw new IllegalStateException("split policy base-pages needs guest memory mapped with HUGE_PAGES off, "
                    + "before any mapping");
        }
    }

    /** A VMM on a machine it already set up (a copy's): nothing to check, nothing to do. */
    private Vmm(Machine machine, VmmPolicy policy, boolean alreadySetUp) {
        this.machine = machine;
        this.policy = policy;
    }

    /**
     * The same VMM with other migration settings, as QEMU's {@code migrate-set-parameters} changes them on a running
     * VM: what already happened stays (the fallback each hot-plugged device got, dirty pages retained from a
     * cancelled attempt, leaves split by {@link #provisionLazySplit} and not yet collapsed).
     */
    public Vmm withPolicy(VmmPolicy other) {
        Vmm v = new Vmm(machine, other);
        v.fallbacks.putAll(fallbacks);
        v.retained.union(retained);
        earlySplits.forEach((hwpt, leaves) -> v.earlySplits.put(hwpt, new ArrayList<>(leaves)));
        return v;
    }

    /** The same VMM on the copy of its machine: its fallbacks, retained pages and early splits copied. */
    public Vmm copy(CopyContext ctx) {
        return ctx.copy(this, c -> {
            Vmm v = new Vmm(machine.copy(c), policy, true);
            v.fallbacks.putAll(fallbacks);
            v.retained.union(retained);
            earlySplits.forEach((hwpt, leaves) -> {
                List<long[]> ls = new ArrayList<>();
                for (long[] l : leaves) {
                    ls.add(c.copy(l));
                }
                v.earlySplits.put(hwpt, ls);
            });
            return v;
        });
    }

    public Machine machine() {
        return machine;
    }

    public VmmPolicy policy() {
        return policy;
    }

    /**
     * Hot-plugs a device: IOMMU_GET_HW_INFO, then attach to the VM's HWPTs in order (QEMU tries the HWPTs it
     * already has before allocating one). A dirty-tracking HWPT refuses a device whose IOMMU cannot track dirty pages
     * with EINVAL ({@link io.ioptexplorer.hardware.iommu.IommuDomain#attach}); when nothing accepts it, a new HWPT is
     * allocated with or without the dirty flag per GET_HW_INFO. If the device then ends up without IOMMU dirty
     * tracking while the VM has it elsewhere, the policy's {@link HotplugFallback} applies to it (event
     * {@link VmmEvents.HotplugFallbackApplied}).
     */
    public MachineDevice hotplug(DeviceSpec spec) {
        MachineDevice d = machine.hotplug(spec);
        if (d.emulated()) {
            return d; // joins the type1 container; no IOMMU to negotiate with
        }
        HwInfo hw = machine.iommufd().getHwInfo(d.devId());
        Hwpt joined = null;
        String refusal = null;
        List<Hwpt> existing = machine.iommufd().ioas(machine.ioasId()).hwpts();
        for (Hwpt h : new ArrayList<>(existing)) {
            try {
                machine.attach(d, h.id());
                joined = h;
                break;
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
                if (refusal == null) {
                    refusal = "HWPT " + h.id() + ": " + e.errno() + " (" + e.why() + ")";
                }
            }
        }
        int hwptId = joined != null ? joined.id() : machine.allocateAndAttach(d, hw.dirtyTracking());
        boolean vmTracks = existing.stream().anyMatch(h -> h.domain().hasDirtyOps());
        boolean tracked = machine.iommufd().hwpt(hwptId).domain().hasDirtyOps();
        if (vmTracks && !tracked) {
            fallbacks.put(d.id(), policy.hotplugFallback());
            emit(new VmmEvents.HotplugFallbackApplied(d.id(), policy.hotplugFallback().name(), hwptId,
                    refusal != null ? refusal : "its IOMMU has no dirty tracking (GET_HW_INFO)"));
        }
        return d;
    }

    /** Fallbacks applied to hot-plugged devices, by device id. */
    public Map<String, HotplugFallback> hotplugFallbacks() {
        return Map.copyOf(fallbacks);
    }

    /**
     * The tracker policy applied to every device. AUTO follows QEMU: device DMA logging when every device supports
     * it (FEATURE_PROBE of DMA_LOGGING_START) and none is forced otherwise; else IOMMU dirty tracking when the
     * device's HWPT has it; else none. The per-device resolution of the last two is this simulator's reading of
     * QEMU's container-wide rule (inferred). A device left without a tracker gets its hot-plug fallback, or else the
     * {@link NoTrackerPolicy}. Emulated devices live in the legacy type1 container and are tracked by it (AUTO or
     * IOMMU), whatever the iommufd devices do.
     */
    public List<DevicePlan> plan() {
        boolean everyDeviceLogs = machine.devices().stream().anyMatch(d -> !d.emulated());
        for (MachineDevice d : machine.devices()) {
            if (d.emulated()) {
                continue; // another container: QEMU decides per container
            }
            TrackerChoice c = policy.choiceFor(d.id());
            everyDeviceLogs &= d.logging().supported() && (c == TrackerChoice.AUTO || c == TrackerChoice.DEVICE);
        }
        List<DevicePlan> out = new ArrayList<>();
        for (MachineDevice d : machine.devices()) {
            TrackerChoice c = policy.choiceFor(d.id());
            Hwpt h = machine.hwptOf(d);
            boolean iommuOk = h != null && h.domain().hasDirtyOps();
            HotplugFallback fb = fallbacks.get(d.id());
            if (d.emulated() && (c == TrackerChoice.AUTO || c == TrackerChoice.IOMMU)) {
                out.add(new DevicePlan(d.id(), TrackerKind.TYPE1, DevicePlan.Treatment.TRACKED,
                        "emulated device: the type1 container's dirty pages (dma_rw and pinned pages)"));
                continue;
            }
            switch (c) {
                case DEVICE -> out.add(new DevicePlan(d.id(), TrackerKind.DEVICE, DevicePlan.Treatment.TRACKED,
                        "explicit: device DMA logging"));
                case IOMMU -> out.add(new DevicePlan(d.id(), TrackerKind.IOMMU, DevicePlan.Treatment.TRACKED,
                        "explicit: IOMMU dirty tracking on HWPT " + (h == null ? "?" : h.id())));
                case NONE -> out.add(untracked(d, fb, "explicit: none"));
                case AUTO -> {
                    if (everyDeviceLogs) {
                        out.add(new DevicePlan(d.id(), TrackerKind.DEVICE, DevicePlan.Treatment.TRACKED,
                                "auto: every device supports DMA logging"));
                    } else if (iommuOk && fb == null) {
                        out.add(new DevicePlan(d.id(), TrackerKind.IOMMU, DevicePlan.Treatment.TRACKED,
                                "auto: HWPT " + h.id() + " was allocated with dirty tracking"));
                    } else {
                        out.add(untracked(d, fb, "auto: no device DMA logging on every device, and HWPT "
                                + (h == null ? "?" : h.id()) + " has no dirty tracking"));
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return out;
    }

    private DevicePlan untracked(MachineDevice d, HotplugFallback fb, String why) {
        if (fb != null) {
            return switch (fb) {
                case SECOND_HWPT_ALL_DIRTY -> new DevicePlan(d.id(), TrackerKind.ALL_DIRTY,
                        DevicePlan.Treatment.ALL_DIRTY, why + "; hot-plug fallback: second HWPT, counted all-dirty");
                case SUSPEND_EARLY -> new DevicePlan(d.id(), null, DevicePlan.Treatment.SUSPENDED_EARLY,
                        why + "; hot-plug fallback: suspended early");
                case BLOCK_MIGRATION -> new DevicePlan(d.id(), null, DevicePlan.Treatment.BLOCKED,
                        why + "; hot-plug fallback: migration blocked");
            };
        }
        return switch (policy.noTracker()) {
            case ALL_DIRTY -> new DevicePlan(d.id(), TrackerKind.ALL_DIRTY, DevicePlan.Treatment.ALL_DIRTY,
                    why + "; every mapped page counts dirty at each sync");
            case SUSPEND_EARLY -> new DevicePlan(d.id(), null, DevicePlan.Treatment.SUSPENDED_EARLY,
                    why + "; suspended before pre-copy");
            case BLOCK -> new DevicePlan(d.id(), null, DevicePlan.Treatment.BLOCKED,
                    why + "; migration blocked");
        };
    }

    /**
     * QEMU's VFIO migration blockers: a VFIO device whose driver has no migration ops answers
     * VFIO_DEVICE_FEATURE_MIGRATION with ENOTTY ({@code vfio_ioctl_device_feature_migration}: no
     * {@code device->mig_ops}), so QEMU's {@code vfio_migration_realize} registers a blocker with
     * {@code migrate_add_blocker} ("VFIO migration is not supported in kernel") when the device is realized, and
     * {@code migrate} fails at once ({@code migration_is_blocked}) before any round. No tracker plan lifts it: the
     * device's own state cannot be saved. Emulated devices are QEMU's own and migrate their state themselves.
     */
    public List<String> vfioMigrationBlockers() {
        List<String> out = new ArrayList<>();
        for (MachineDevice d : machine.devices()) {
            if (!d.emulated() && !d.migration().flags().hasMigrationOps()) {
                out.add(d.id() + ": VFIO migration is not supported in kernel (VFIO_DEVICE_FEATURE_MIGRATION"
                        + " answered ENOTTY: its migration-flags are empty, so the driver has no migration ops)");
            }
        }
        return out;
    }

    /** Why migration is blocked now (empty when it is not). */
    public List<String> blockers() {
        List<String> out = new ArrayList<>();
        for (DevicePlan p : plan()) {
            if (p.treatment() == DevicePlan.Treatment.BLOCKED) {
                out.add("device " + p.deviceId() + ": " + p.reason());
            }
        }
        return out;
    }

    /**
     * Proposal 4.b's provisioning phase (background/002: "dirty tracking would be enabled at creation of the
     * protection domain ... and we would use pages dirtied as a indication of what needs to be splited"): runs the
     * machine for {@code nanos} in slices of {@code intervalNs} with dirty tracking on every HWPT that has it; after
     * each interval the dirty leaves larger than the granule are read (and cleared) and split, with the IOTLB
     * invalidated. Not upstream Linux. The leaves split here are collapsed when a later migration's tracking stops.
     * Returns the number of leaves split.
     */
    public long provisionLazySplit(long nanos, long intervalNs) {
        if (intervalNs <= 0) {
            throw new IllegalArgumentException("interval must be positive");
        }
        List<Hwpt> dirty = new ArrayList<>();
        for (Hwpt h : machine.iommufd().hwpts()) {
            if (h.domain().hasDirtyOps()) {
                dirty.add(h);
                machine.iommufd().setDirtyTracking(h.id(), Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
            }
        }
        long split = 0;
        long length = machine.memory().size();
        for (long t = 0; t < nanos; t += intervalNs) {
            machine.run(Math.min(intervalNs, nanos - t), Math.min(intervalNs, 1_000_000L));
            for (Hwpt h : dirty) {
                long granule = h.domain().format().granule();
                List<long[]> leaves = new ArrayList<>();
                h.domain().pageTable().forEachLeaf(0, length, (iova, size, pa, prot, accessed, d) -> {
                    if (d && size > granule) {
                        leaves.add(new long[] {iova, size});
                    }
                });
                machine.iommufd().getDirtyBitmap(h.id(), 0, length, 4096, 0);
                long before = h.domain().pageTable().stats().splits();
                for (long[] l : leaves) {
                    h.domain().splitAndFlush(l[0], l[1], granule);
                    earlySplits.computeIfAbsent(h.id(), k -> new ArrayList<>()).add(l);
                }
                long n = h.domain().pageTable().stats().splits() - before;
                split += n;
                if (n > 0) {
                    emit(new VmmEvents.SplitApplied(h.id(), "lazy-provisioning", n,
                            h.domain().pageTable().stats().liveTablePages()));
                }
            }
        }
        return split;
    }

    /** Leaves of a HWPT split during provisioning, handed to the migration's tracker (which collapses them). */
    List<long[]> takeEarlySplits(int hwptId) {
        List<long[]> l = earlySplits.remove(hwptId);
        return l == null ? List.of() : l;
    }

    /** A migration ready to be stepped round by round (or run to the end). */
    public PreCopyMigration prepareMigration(LinkConfig link) {
        return new PreCopyMigration(this, link);
    }

    /** Runs a whole migration. */
    public MigrationResult migrate(LinkConfig link) {
        return prepareMigration(link).run();
    }

    /**
     * Dirty pages read from trackers but not sent when the last attempt was cancelled; a retry starts from them
     * (they are a subset of its round 0, which resends all memory because tracking stopped in between).
     */
    public DirtySet retainedDirty() {
        return retained;
    }

    void retain(DirtySet pages) {
        retained.union(pages);
    }

    DirtySet takeRetained() {
        DirtySet copy = new DirtySet();
        copy.union(retained);
        retained.clear();
        return copy;
    }

    /** Whether anyone listens: costly events (frozen page sets) are built only then. */
    boolean eventsEnabled() {
        return machine.events().recordsEnabled();
    }

    void emit(SimEvent e) {
        EventSink s = machine.events();
        if (s.recordsEnabled()) { // rare records: wanted by record-only watchers too
            s.emit(e);
        }
    }
}

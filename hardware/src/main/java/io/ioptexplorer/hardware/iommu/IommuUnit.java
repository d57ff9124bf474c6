package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.events.AdUpdatesSet;
import io.ioptexplorer.hardware.iommu.events.DirtyFlushSkipped;
import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.iommu.events.DmaFault;
import io.ioptexplorer.hardware.iommu.events.FaultInjected;
import io.ioptexplorer.hardware.iommu.events.InvalidationIssued;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.iommu.events.IotlbMiss;
import io.ioptexplorer.hardware.pagetable.Access;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.Prot;
import io.ioptexplorer.hardware.pagetable.Translation;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.sim.CostModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One IOMMU instance: its page-table format, capability register, IOTLB, per-device descriptors with the A/D enable
 * knob, invalidation command queue and fault injection. Devices reach it through a {@link Port}.
 */
public final class IommuUnit {
    private final String id;
    private final IommuModel model;
    private final PageTableFormat format;
    private final int stage;
    private final Register capabilities;
    private final Register vtdCap;
    private final IommuFeatures features;
    private final Iotlb iotlb;
    private final IommuFaults faults;
    private final InvalidationBatching batching;
    private final CostModel cost;
    private final EventSink events;
    private final Map<String, Port> ports = new LinkedHashMap<>();
    private final Map<String, Long> commandCounts = new TreeMap<>();

    private long accesses;
    private long walks;
    private long dirtyWritesSkipped;
    private long faultCount;
    private long translationNs;
    private long invalidationNs;

    /**
     * @param stage Arm SMMUv3 translation stage (1 or 2); 1 for every other model
     */
    public IommuUnit(String id, IommuModel model, PageTableFormat format, int stage, IommuFeatures features,
                     int iotlbEntries, int iotlbWays, IommuFaults faults, InvalidationBatching batching,
                     CostModel cost, EventSink events) {
        this.id = id;
        this.model = model;
        this.format = format;
        this.stage = stage;
        this.features = features;
        this.capabilities = Capabilities.capabilityRegister(model, features, format.levels());
        this.vtdCap = Capabilities.vtdCap(model, features, format.levels());
        this.iotlb = new Iotlb(id, iotlbEntries, iotlbWays, events);
        this.faults = faults;
        this.batching = batching;
        this.cost = cost;
        this.events = events;
    }

    /**
     * The copy of {@code o}: registered first, because its ports lead to domains whose owner is this unit. The
     * configuration (model, format, features, faults, cost) is immutable and shared.
     */
    private IommuUnit(IommuUnit o, CopyContext ctx) {
        ctx.register(o, this);
        this.id = o.id;
        this.model = o.model;
        this.format = o.format;
        this.stage = o.stage;
        this.features = o.features;
        this.faults = o.faults;
        this.batching = o.batching;
        this.cost = o.cost;
        this.events = ctx.sink(o.events);
        this.capabilities = o.capabilities.copy(ctx);
        this.vtdCap = o.vtdCap == null ? null : o.vtdCap.copy(ctx);
        this.iotlb = o.iotlb.copy(ctx);
        this.commandCounts.putAll(o.commandCounts);
        ctx.count(64L * commandCounts.size());
        this.accesses = o.accesses;
        this.walks = o.walks;
        this.dirtyWritesSkipped = o.dirtyWritesSkipped;
        this.faultCount = o.faultCount;
        this.translationNs = o.translationNs;
        this.invalidationNs = o.invalidationNs;
        // every port first (in order), then their state: a port's domain may lead to another port of this unit
        for (Port p : o.ports.values()) {
            Port q = new Port(p.deviceId);
            ctx.register(p, q);
            ports.put(p.deviceId, q);
        }
        for (Port p : o.ports.values()) {
            ports.get(p.deviceId).copyState(p, ctx);
        }
    }

    /** A unit in the same state: its IOTLB, registers, counters and ports (each attached to the copy of its domain). */
    public IommuUnit copy(CopyContext ctx) {
        return ctx.copy(this, c -> new IommuUnit(this, c));
    }

    public String id() {
        return id;
    }

    public IommuModel model() {
        return model;
    }

    public PageTableFormat format() {
        return format;
    }

    public int stage() {
        return stage;
    }

    public Register capabilities() {
        return capabilities;
    }

    /** The unit's capability registers: {@link #capabilities()} and, for VT-d, CAP (SAGAW, MGAW, SSLPS). */
    public List<Register> registers() {
        return vtdCap == null ? List.of(capabilities) : List.of(capabilities, vtdCap);
    }

    /**
     * The pgsize bitmap of a domain allocated on this unit: the format's leaf sizes, for VT-d only the super pages
     * CAP.SSLPS advertises ({@code intel_iommu_domain_alloc_second_stage}).
     */
    public long pgsizeBitmap() {
        return model == IommuModel.VTD_SS ? features.vtd().pgsizeBitmap(format.supportedPageSizes())
                : format.supportedPageSizes();
    }

    /** VT-d {@code cap_super_page_val()}: CAP.SSLPS (bit 0 = 2 MiB, bit 1 = 1 GiB); 0 on other models. */
    public int vtdSuperPages() {
        return vtdCap == null ? 0 : (int) vtdCap.get("SSLPS");
    }

    /** VT-d {@code ecap_sc_support()}: the unit can force snooping. */
    public boolean vtdSnoopControl() {
        return model == IommuModel.VTD_SS && capabilities.isSet("SC");
    }

    /** VT-d {@code sm_supported() && ecap_slts()}: second-stage domains in scalable mode. */
    public boolean vtdSecondStage() {
        return model == IommuModel.VTD_SS && capabilities.isSet("SMTS") && capabilities.isSet("SLTS");
    }

    /** VT-d {@code iommu->agaw}: the widest width SAGAW advertises (1 = 39-bit, 2 = 48-bit, 3 = 57-bit). */
    public int vtdAgaw() {
        return vtdCap == null ? -1 : 63 - Long.numberOfLeadingZeros(vtdCap.get("SAGAW"));
    }

    /** VT-d address width: {@code agaw_to_width(iommu->agaw)}, capped by {@code cap_mgaw()}. */
    public int vtdAddressWidth() {
        return vtdCap == null ? -1 : Math.min(Capabilities.vtdWidth(vtdAgaw() + 2), (int) vtdCap.get("MGAW") + 1);
    }

    /** RISC-V {@code riscv_iommu_pt_supported()}: whether capabilities advertises the Sv mode of {@code levels}. */
    public boolean riscvModeSupported(int levels) {
        return model == IommuModel.RISCV && switch (levels) {
            case 3 -> capabilities.isSet("Sv39");
            case 4 -> capabilities.isSet("Sv48");
            case 5 -> capabilities.isSet("Sv57");
            default -> false;
        };
    }

    public Iotlb iotlb() {
        return iotlb;
    }

    public IommuFaults faults() {
        return faults;
    }

    public InvalidationBatching batching() {
        return batching;
    }

    /** Whether the hardware can set Dirty bits (the capability bit). */
    public boolean hardwareDirtyTracking() {
        return Capabilities.hardwareDirty(model, capabilities);
    }

    public boolean hardwareAccessTracking() {
        return Capabilities.hardwareAccess(model, capabilities);
    }

    /**
     * {@code IOMMU_CAP_DIRTY_TRACKING} as the Linux driver answers it: the hardware bit, and a driver that publishes
     * dirty ops for the format. RISC-V hardware may have AMO_HWAD, but upstream Linux publishes no dirty ops for it
     * (drivers/iommu/generic_pt/fmt/riscv.h defines no dirty helpers), so the answer there is no.
     */
    public boolean dirtyTrackingCapable() {
        return hardwareDirtyTracking() && format.upstreamDirtyOps();
    }

    /** The device's port on this unit, created on first use (as a DTE / context entry exists per device). */
    public Port port(String deviceId) {
        return ports.computeIfAbsent(deviceId, Port::new);
    }

    public Map<String, Port> ports() {
        return Map.copyOf(ports);
    }

    public IommuStats stats() {
        return new IommuStats(accesses, walks, dirtyWritesSkipped, faultCount, translationNs, invalidationNs,
                Map.copyOf(commandCounts), iotlb.stats());
    }

    /** Flushes [start, end) of a domain after Dirty bits were cleaned, unless fault injection skips it. */
    void flushAfterDirtyClear(IommuDomain domain, long start, long end, long pageSize) {
        if (faults.skipDirtyFlush()) {
            int stale = iotlb.countCachedDirty(domain.id(), start, end);
            // Always reported, so a lost page can be traced to the flush that was left out.
            events.emit(new DirtyFlushSkipped(id, domain.id(), start, end, stale));
            return;
        }
        flushRange(domain, start, end, pageSize, "dirty clear");
    }

    /** Flushes a range after an unmap, unless fault injection skips it. */
    void flushAfterUnmap(IommuDomain domain, long start, long end, long pageSize) {
        if (faults.skipUnmapFlush()) {
            events.emit(new FaultInjected(id, "skip-unmap-flush", start, String.format(
                    "IOTLB not invalidated after unmapping 0x%x..0x%x: stale translations stay usable", start,
                    end - 1)));
            return;
        }
        flushRange(domain, start, end, pageSize, "unmap");
    }

    /**
     * Flushes a range with the vendor's commands (after unmap, split, or a dirty clear that is not skipped; or on
     * request). Returns the IOTLB entries dropped.
     */
    public int flushRange(IommuDomain domain, long start, long end, long pageSize, String reason) {
        List<InvalidationProtocol.Command> cmds = InvalidationProtocol.flushRange(model, stage, start, end, pageSize);
        issue(cmds, domain, start, end, reason);
        return iotlb.invalidateRange(domain.id(), start, end, cmds.get(0).name());
    }

    /**
     * Flushes everything a domain has cached (after toggling the A/D knob, so new translations re-walk with it; or
     * on request). Returns the IOTLB entries dropped.
     */
    public int flushDomain(IommuDomain domain, String reason) {
        List<InvalidationProtocol.Command> cmds = InvalidationProtocol.flushDomain(model, stage);
        issue(cmds, domain, 0, -1L, reason);
        return iotlb.invalidateDomain(domain.id(), cmds.get(0).name());
    }

    private void issue(List<InvalidationProtocol.Command> cmds, IommuDomain domain, long start, long end,
                       String reason) {
        for (InvalidationProtocol.Command c : cmds) {
            commandCounts.merge(c.name(), c.count(), Long::sum);
            domain.countInvalidations(c.count());
            boolean isWait = c.name().contains("WAIT") || c.name().contains("SYNC") || c.name().contains("FENCE");
            invalidationNs += c.count() * (isWait ? cost.syncNs() : cost.invalidationCmdNs());
            if (events.enabled()) {
                events.emit(new InvalidationIssued(id, domain.id(), c.name(), c.count(), start, end, reason));
            }
        }
    }

    /**
     * A device's view of the unit: its descriptor (DTE / PASID entry / CD / DC) with the A/D knob, the domain it is
     * attached to, and the DMA translation path.
     */
    public final class Port {
        private final String deviceId;
        private final Register context = Capabilities.deviceContext(model);
        private IommuDomain domain;
        private boolean accessOn;
        private boolean dirtyOn;

        private Port(String deviceId) {
            this.deviceId = deviceId;
        }

        /** Takes the state of {@code o}, the port this one copies (on the copy of its unit). */
        private void copyState(Port o, CopyContext ctx) {
            this.context.copyValueFrom(o.context);
            this.domain = o.domain == null ? null : o.domain.copy(ctx);
            this.accessOn = o.accessOn;
            this.dirtyOn = o.dirtyOn;
        }

        /** The copy of this port, made with its unit's. */
        public Port copy(CopyContext ctx) {
            return ctx.copy(this, c -> {
                IommuUnit.this.copy(c);
                return c.copied(this);
            });
        }

        public String deviceId() {
            return deviceId;
        }

        public IommuUnit unit() {
            return IommuUnit.this;
        }

        public IommuDomain domain() {
            return domain;
        }

        public Register context() {
            return context;
        }

        public boolean dirtyUpdatesOn() {
            return dirtyOn;
        }

        void attach(IommuDomain d) {
            this.domain = d;
        }

        void detach() {
            if (domain != null) {
                iotlb.invalidateDomain(domain.id(), "detach");
            }
            this.domain = null;
            setAdUpdates(false, false);
        }

        /** Writes the knob; hardware only sets what the capability register allows. */
        void setAdUpdates(boolean access, boolean dirty) {
            Capabilities.setAdUpdates(model, context, access, dirty);
            accessOn = Capabilities.accessUpdatesOn(model, context) && hardwareAccessTracking();
            dirtyOn = Capabilities.dirtyUpdatesOn(model, context) && hardwareDirtyTracking();
            if (events.enabled()) {
                events.emit(new AdUpdatesSet(id, deviceId, context.name(), accessOn, dirtyOn, context.value()));
            }
        }

        /**
         * Announces one DMA transaction before its granules are translated with {@link #access}, so the timeline
         * shows the transaction first and then each lookup and walk. Builds nothing when nobody listens.
         */
        public void dmaIssued(long iova, long length, boolean write) {
            if (events.enabled()) {
                events.emit(new DmaAccess(id, deviceId, domain == null ? -1 : domain.id(), iova, length, write));
            }
        }

        /**
         * Translates one DMA access. Returns the physical address, or -1 when the IOMMU refuses it (a fault event,
         * never an exception). A write that hits an IOTLB entry cached as dirty does not touch the page table.
         */
        public long access(long iova, boolean write) {
            accesses++;
            if (domain == null) {
                return fault(iova, write, "no domain attached: DMA is blocked");
            }
            int domainId = domain.id();
            int slot = iotlb.lookup(domainId, iova);
            domain.countLookup(slot >= 0);
            if (events.enabled()) {
                events.emit(slot >= 0
                        ? new IotlbHit(id, deviceId, domainId, iova, iotlb.cachedLeafIova(slot),
                                iotlb.cachedLeafSize(slot), iotlb.cachedDirty(slot))
                        : new IotlbMiss(id, deviceId, domainId, iova));
            }
            if (slot >= 0) {
                translationNs += cost.iotlbHitNs();
                int prot = iotlb.cachedProt(slot);
                if (write && (prot & Prot.WRITE) == 0) {
                    return fault(iova, true, "write to a read-only mapping");
                }
                if (!write && (prot & Prot.READ) == 0) {
                    return fault(iova, false, "read of a write-only mapping");
                }
                if (write && dirtyOn) {
                    if (iotlb.cachedDirty(slot)) {
                        dirtyWritesSkipped++;
                    } else {
                        // The entry was cached clean: hardware must set Dirty in the page table now.
                        Translation t = walk(iova, Access.WRITE);
                        if (t.faulted()) {
                            return fault(iova, true, t.fault().name());
                        }
                        iotlb.markCachedDirty(slot);
                    }
                }
                return iotlb.cachedPhysAddr(slot) + (iova - iotlb.cachedLeafIova(slot));
            }
            Translation t = walk(iova, write ? Access.WRITE : Access.READ);
            if (t.faulted()) {
                return fault(iova, write, t.fault().name());
            }
            iotlb.fill(domainId, t.leafIova(), t.leafSize(), t.physAddr() - (iova - t.leafIova()), t.prot(),
                    t.dirtyAfter());
            return t.physAddr();
        }

        private Translation walk(long iova, Access a) {
            walks++;
            boolean setDirty = dirtyOn && !faults.dropDirtyBits();
            if (dirtyOn && !setDirty && a == Access.WRITE && events.enabled()) {
                events.emit(new FaultInjected(id, "drop-dirty-bits", iova, "hardware did not set the Dirty bit"));
            }
            Translation t = domain.pageTable().translate(iova, a, accessOn, setDirty);
            translationNs += t.levelsWalked() * cost.walkLevelNs();
            if (t.dirtyAfter() != t.dirtyBefore()) {
                translationNs += cost.entryWriteNs();
            }
            return t;
        }

        private long fault(long iova, boolean write, String reason) {
            faultCount++;
            events.emit(new DmaFault(id, deviceId, iova, write, reason));
            return -1;
        }
    }
}

package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommu.events.AdUpdatesSet;
import io.ioptexplorer.hardware.iommu.events.DirtyFlushSkipped;
import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.iommu.events.DmaFault;
import io.ioptexplorer.hardware.iommu.events.FaultInjected;
import io.ioptexplorer.hardware.iommu.events.InvalidationIssued;
import io.ioptexplorer.hardware.iommu.events.IotlbEvicted;
import io.ioptexplorer.hardware.iommu.events.IotlbFilled;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.iommu.events.IotlbInvalidated;
import io.ioptexplorer.hardware.iommu.events.IotlbMiss;
import io.ioptexplorer.hardware.pagetable.Prot;

/** Descriptions of the IOMMU unit's and IOTLB's events. */
final class IommuEventText {
    private IommuEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event) {
        // The five kinds below are most of a playing run's events: their fields and text are built only when asked
        // for (Describer.full), not for the compact index, which reads the subject alone.
        if (event instanceof DmaAccess e) {
            Describer d = Describer.of(k, e.write() ? "PCIe Memory Write" : "PCIe Memory Read")
                    .unit(e.unit()).device(e.device()).hwpt(e.hwpt()).iova(e.iova()).length(e.length())
                    .detail(e.write());
            return !d.full() ? null : d.field("write", e.write())
                    .text("%s DMA %s of %d bytes at IOVA 0x%x", e.device(), e.write() ? "write" : "read",
                            e.length(), e.iova());
        }
        if (event instanceof IotlbHit e) {
            Describer d = Describer.of(k, "IOTLB hit")
                    .unit(e.unit()).device(e.device()).hwpt(e.domainId()).iova(e.iova()).detail(e.cachedDirty());
            return !d.full() ? null : d.hex("leaf-iova", e.leafIova()).field("leaf-size", e.leafSize())
                    .field("cached-dirty", e.cachedDirty())
                    .text("IOTLB hit for 0x%x: %s leaf at 0x%x, cached %s", e.iova(), Describer.size(e.leafSize()),
                            e.leafIova(), e.cachedDirty() ? "dirty" : "clean");
        }
        if (event instanceof IotlbMiss e) {
            Describer d = Describer.of(k, "IOTLB miss")
                    .unit(e.unit()).device(e.device()).hwpt(e.domainId()).iova(e.iova());
            return !d.full() ? null : d.text("IOTLB miss for 0x%x: the IOMMU walks the page table", e.iova());
        }
        if (event instanceof IotlbFilled e) {
            Describer d = Describer.of(k, "IOTLB fill")
                    .unit(e.unit()).hwpt(e.domainId()).iova(e.leafIova()).length(e.leafSize());
            return !d.full() ? null : d.hex("phys-addr", e.physAddr()).field("prot", prot(e.prot()))
                    .field("dirty", e.dirty())
                    .text("IOTLB caches the %s leaf 0x%x -> 0x%x (%s, %s)", Describer.size(e.leafSize()),
                            e.leafIova(), e.physAddr(), prot(e.prot()), e.dirty() ? "dirty" : "clean");
        }
        if (event instanceof IotlbEvicted e) {
            Describer d = Describer.of(k, "IOTLB eviction (LRU)")
                    .unit(e.unit()).hwpt(e.domainId()).iova(e.leafIova()).length(e.leafSize());
            return !d.full() ? null : d.text("IOTLB evicts the %s leaf at 0x%x to make room",
                    Describer.size(e.leafSize()), e.leafIova());
        }
        if (event instanceof DmaFault e) {
            return Describer.of(k, "DMA fault")
                    .unit(e.unit()).device(e.device()).iova(e.iova()).field("write", e.write())
                    .field("reason", e.reason())
                    .text("%s refused %s's DMA %s at 0x%x: %s", e.unit(), e.device(), e.write() ? "write" : "read",
                            e.iova(), e.reason());
        }
        if (event instanceof InvalidationIssued e) {
            return Describer.of(k, commandName(e.command()))
                    .unit(e.unit()).hwpt(e.domainId()).iova(e.start()).length(rangeLength(e.start(), e.end()))
                    .field("command", e.command()).field("count", e.count()).field("reason", e.reason())
                    .text("%s queues %d x %s for %s (%s)", e.unit(), e.count(), e.command(),
                            range(e.start(), e.end()), e.reason());
        }
        if (event instanceof IotlbInvalidated e) {
            return Describer.of(k, "IOTLB invalidation")
                    .unit(e.unit()).hwpt(e.domainId()).iova(e.start()).length(rangeLength(e.start(), e.end()))
                    .field("command", e.command()).field("entries-dropped", e.entriesDropped())
                    .text("%s drops %d IOTLB entries of HWPT %d in %s", e.command(), e.entriesDropped(),
                            e.domainId(), range(e.start(), e.end()));
        }
        if (event instanceof DirtyFlushSkipped e) {
            return Describer.of(k, "IOTLB flush after read_and_clear_dirty skipped")
                    .unit(e.unit()).hwpt(e.domainId()).iova(e.start()).length(e.end() - e.start())
                    .field("stale-dirty-entries", e.staleDirtyEntries())
                    .text("fault injection: no IOTLB flush after cleaning Dirty in %s; %d entries stay cached "
                            + "dirty, writes through them will be lost", range(e.start(), e.end()),
                            e.staleDirtyEntries());
        }
        if (event instanceof FaultInjected e) {
            return Describer.of(k, "fault injection: " + e.fault())
                    .unit(e.unit()).iova(e.iova()).field("fault", e.fault()).field("what", e.what())
                    .breakpoint("drop-dirty-bits".equals(e.fault()) ? BreakpointClass.LOST_PAGE
                            : BreakpointClass.FAULT)
                    .text("fault injection %s at 0x%x: %s", e.fault(), e.iova(), e.what());
        }
        if (event instanceof AdUpdatesSet e) {
            return Describer.of(k, e.register() + " A/D update enable")
                    .unit(e.unit()).device(e.device()).field("register", e.register())
                    .field("access", e.access()).field("dirty", e.dirty()).hex("register-value", e.registerValue())
                    .text("%s's %s for %s: hardware Accessed updates %s, Dirty updates %s", e.unit(), e.register(),
                            e.device(), e.access() ? "on" : "off", e.dirty() ? "on" : "off");
        }
        throw new IllegalArgumentException("not an IOMMU event: " + event);
    }

    /**
     * The name a hardware person knows for an invalidation command of {@code InvalidationProtocol}: AMD's and
     * SMMUv3's commands carry their spec names already; VT-d's are descriptors of the invalidation queue.
     */
    static String commandName(String command) {
        return switch (command) {
            case "IOTLB_PSI" -> "VT-d IOTLB invalidation descriptor (page-selective)";
            case "IOTLB_DSI" -> "VT-d IOTLB invalidation descriptor (domain-selective)";
            case "INV_WAIT" -> "VT-d invalidation wait descriptor";
            case "PASID_CACHE_INV" -> "VT-d PASID-cache invalidation descriptor";
            default -> command.startsWith("CMD_") ? "SMMUv3 " + command
                    : command.startsWith("IOTINVAL") || command.startsWith("IOFENCE") ? "RISC-V " + command
                    : command.startsWith("INVALIDATE_") || command.equals("COMPLETION_WAIT") ? "AMD " + command
                    : command;
        };
    }

    static String prot(int p) {
        return ((p & Prot.READ) != 0 ? "r" : "-") + ((p & Prot.WRITE) != 0 ? "w" : "-");
    }

    /** [start, end) as text; an end of -1 is "everything" (a domain-selective flush). */
    static String range(long start, long end) {
        return end == -1L && start == 0 ? "the whole domain" : String.format("0x%x..0x%x", start, end - 1);
    }

    static long rangeLength(long start, long end) {
        return end == -1L && start == 0 ? 0 : end - start;
    }
}

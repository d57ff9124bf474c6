package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vfio.logging.DmaLoggingEvents;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcFailedEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigResetEvent;
import io.ioptexplorer.hardware.vfio.type1.Type1Events;
import java.util.List;

/**
 * Descriptions of VFIO's events, by their uAPI names (include/uapi/linux/vfio.h): type1's VFIO_IOMMU_* ioctls, the
 * device features VFIO_DEVICE_FEATURE_DMA_LOGGING_START/STOP/REPORT, and the migration states of
 * {@code enum vfio_device_mig_state} set through VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE.
 */
final class VfioEventText {
    private VfioEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event) {
        if (event instanceof Type1Events.Mapped e) {
            return Describer.of(k, "VFIO_IOMMU_MAP_DMA")
                    .iova(e.iova()).length(e.size()).field("iommu-mapped", e.iommuMapped())
                    .text("VFIO_IOMMU_MAP_DMA 0x%x, %s%s", e.iova(), Describer.size(e.size()),
                            e.iommuMapped() ? "" : " (pinned on demand: no IOMMU-backed group yet)");
        }
        if (event instanceof Type1Events.Unmapped e) {
            return Describer.of(k, "VFIO_IOMMU_UNMAP_DMA")
                    .iova(e.iova()).length(e.size()).field("unmapped", e.unmapped()).field("bits-set", e.bitsSet())
                    .text("VFIO_IOMMU_UNMAP_DMA 0x%x, %s: %d bytes unmapped%s", e.iova(), Describer.size(e.size()),
                            e.unmapped(), e.bitsSet() < 0 ? "" : ", " + e.bitsSet() + " dirty bits returned");
        }
        if (event instanceof Type1Events.DirtyTracking e) {
            return Describer.of(k, "VFIO_IOMMU_DIRTY_PAGES_FLAG_"
                    + (e.enabled() ? "START" : "STOP"))
                    .field("enabled", e.enabled())
                    .text("type1 dirty page tracking %s", e.enabled() ? "started" : "stopped");
        }
        if (event instanceof Type1Events.BitmapRead e) {
            return Describer.of(k, "VFIO_IOMMU_DIRTY_PAGES_FLAG_GET_BITMAP")
                    .iova(e.iova()).length(e.size()).field("bits-set", e.bitsSet()).field("all-dirty", e.allDirty())
                    .text("GET_BITMAP 0x%x, %s: %d bits set%s", e.iova(), Describer.size(e.size()), e.bitsSet(),
                            e.allDirty() ? " (every mapped page: a group is outside the pinned-page scope)" : "");
        }
        if (event instanceof Type1Events.GroupChanged e) {
            return Describer.of(k, e.attached() ? "VFIO_GROUP_SET_CONTAINER"
                    : "VFIO_GROUP_UNSET_CONTAINER")
                    .field("group", e.group()).field("type", e.type()).field("attached", e.attached())
                    .field("non-pinned-groups", e.numNonPinnedGroups())
                    .text("group %s (%s) %s; %d groups outside the pinned-page dirty scope", e.group(), e.type(),
                            e.attached() ? "attached" : "detached", e.numNonPinnedGroups());
        }
        if (event instanceof Type1Events.GroupPromoted e) {
            return Describer.of(k, "pinned-page dirty scope")
                    .field("group", e.group()).field("non-pinned-groups", e.numNonPinnedGroups())
                    .text("group %s pinned pages: only pinned pages count as dirty for it now", e.group());
        }
        if (event instanceof Type1Events.Refused e) {
            return Describer.of(k, e.operation().equals("ATTACH_GROUP") ? "VFIO_GROUP_SET_CONTAINER"
                    : "VFIO_IOMMU_" + e.operation())
                    .field("operation", e.operation()).field("errno", e.errno()).field("why", e.why())
                    .text("%s failed: %s (%s)", e.operation(), e.errno(), e.why());
        }
        if (event instanceof DmaLoggingEvents.Started e) {
            return Describer.of(k, "VFIO_DEVICE_FEATURE_DMA_LOGGING_START")
                    .device(e.device()).field("requested-page-size", e.requestedPageSize())
                    .field("page-size", e.chosenPageSize()).field("requested", ranges(e.requested()))
                    .field("programmed", ranges(e.programmed()))
                    .text("%s logs DMA writes in %d ranges at %s granularity (%d requested)", e.device(),
                            e.programmed().size(), Describer.size(e.chosenPageSize()), e.requested().size());
        }
        if (event instanceof DmaLoggingEvents.Stopped e) {
            return Describer.of(k, "VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP")
                    .device(e.device())
                    .text("%s stops logging DMA writes", e.device());
        }
        if (event instanceof DmaLoggingEvents.Reported e) {
            return Describer.of(k, "VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT")
                    .device(e.device()).iova(e.iova()).length(e.length()).field("page-size", e.pageSize())
                    .field("bits-set", e.bitsSet())
                    .text("%s reports 0x%x..0x%x: %d bits newly set", e.device(), e.iova(),
                            e.iova() + e.length() - 1, e.bitsSet());
        }
        if (event instanceof DmaLoggingEvents.Refused e) {
            return Describer.of(k, "VFIO_DEVICE_FEATURE_" + e.operation())
                    .device(e.device()).field("operation", e.operation()).field("errno", e.errno())
                    .field("why", e.why())
                    .text("%s: %s failed: %s (%s)", e.device(), e.operation(), e.errno(), e.why());
        }
        if (event instanceof DmaLoggingEvents.UntrackedWrite e) {
            return Describer.of(k, "DMA write outside the logged ranges")
                    .device(e.device()).iova(e.iova()).length(e.length()).field("untracked-bytes", e.untrackedBytes())
                    .text("%s wrote 0x%x (%d bytes, %d untracked): the device tracker will never report it",
                            e.device(), e.iova(), e.length(), e.untrackedBytes());
        }
        if (event instanceof VfioMigArcEvent e) {
            return Describer.of(k, arc(e.from().name(), e.to().name()))
                    .device(e.deviceId()).field("from", e.from()).field("to", e.to())
                    .field("requested", e.requested()).field("set-call", e.call())
                    .text("%s: %s → %s (arc of SET call %d, which asked for %s)", e.deviceId(), e.from(), e.to(),
                            e.call(), e.requested());
        }
        if (event instanceof VfioMigArcFailedEvent e) {
            return Describer.of(k, arc(e.from().name(), e.attempted().name()) + " failed")
                    .device(e.deviceId()).field("from", e.from()).field("attempted", e.attempted())
                    .field("errno", e.errno())
                    .text("%s: %s → %s failed with %s; the device is in ERROR", e.deviceId(), e.from(),
                            e.attempted(), e.errno());
        }
        if (event instanceof VfioMigResetEvent e) {
            return Describer.of(k, "VFIO_DEVICE_RESET")
                    .device(e.deviceId()).field("from", e.from())
                    .text("%s reset from %s to RUNNING", e.deviceId(), e.from());
        }
        throw new IllegalArgumentException("not a VFIO event: " + event);
    }

    private static String arc(String from, String to) {
        return "VFIO_DEVICE_STATE " + from + " → " + to;
    }

    private static List<RangeValue> ranges(List<IovaRange> ranges) {
        return ranges.stream().map(r -> new RangeValue(r.iova(), r.length())).toList();
    }
}

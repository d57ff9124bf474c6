package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import io.ioptexplorer.hardware.vmm.VmmEvents;

/**
 * Descriptions of the VMM's tracker policy and pre-copy migration loop. Tracking start and stop are named by the
 * call each tracker kind makes (IOMMU_HWPT_SET_DIRTY_TRACKING, DMA_LOGGING_START, KVM_MEM_LOG_DIRTY_PAGES, type1's
 * DIRTY_PAGES); the rest are the loop's own steps.
 */
final class VmmEventText {
    private VmmEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event) {
        if (event instanceof VmmEvents.TrackerChosen e) {
            return Describer.of(k, "dirty tracker choice")
                    .device(e.deviceId()).field("tracker", e.tracker()).field("treatment", e.treatment())
                    .field("reason", e.reason())
                    .text("%s: tracker %s, %s (%s)", e.deviceId(), e.tracker(), e.treatment(), e.reason());
        }
        if (event instanceof VmmEvents.TrackingStarted e) {
            return Describer.of(k, trackingCall(e.kind(), true))
                    .field("tracker", e.tracker()).field("tracker-kind", e.kind())
                    .text("dirty tracking started: %s", e.tracker());
        }
        if (event instanceof VmmEvents.TrackingStopped e) {
            return Describer.of(k, trackingCall(e.kind(), false))
                    .field("tracker", e.tracker()).field("tracker-kind", e.kind())
                    .text("dirty tracking stopped: %s", e.tracker());
        }
        if (event instanceof VmmEvents.TrackerSynced e) {
            return Describer.of(k, "dirty sync (" + e.tracker() + ")")
                    .field("round", e.round()).field("tracker", e.tracker())
                    .field("reported-pages", e.reportedPages()).field("true-pages", e.truePages())
                    .text("round %d sync of %s: %d pages reported, %d really written", e.round(), e.tracker(),
                            e.reportedPages(), e.truePages());
        }
        if (event instanceof VmmEvents.SplitApplied e) {
            return Describer.of(k, "split policy " + e.policy() + " (proposal)")
                    .hwpt(e.hwptId()).field("policy", e.policy()).field("leaves-split", e.leavesSplit())
                    .field("table-pages-after", e.tablePagesAfter())
                    .text("HWPT %d: %s split %d leaves; %d table pages now", e.hwptId(), e.policy(),
                            e.leavesSplit(), e.tablePagesAfter());
        }
        if (event instanceof VmmEvents.CollapseApplied e) {
            return Describer.of(k, "collapse after tracking (proposal)")
                    .hwpt(e.hwptId()).field("reason", e.reason()).field("collapses", e.collapses())
                    .field("table-pages-after", e.tablePagesAfter())
                    .text("HWPT %d: %d collapses (%s); %d table pages now", e.hwptId(), e.collapses(), e.reason(),
                            e.tablePagesAfter());
        }
        if (event instanceof VmmEvents.HotplugFallbackApplied e) {
            return Describer.of(k, "hot-plug fallback " + e.fallback())
                    .device(e.deviceId()).hwpt(e.hwptId()).field("fallback", e.fallback()).field("why", e.why())
                    .text("%s cannot join the dirty-tracking HWPT: %s (%s)", e.deviceId(), e.fallback(), e.why());
        }
        if (event instanceof VmmEvents.MigrationBlocked e) {
            return Describer.of(k, "migration blocked")
                    .field("reasons", e.reasons())
                    .text("migration blocked: %s", String.join("; ", e.reasons()));
        }
        if (event instanceof VmmEvents.DeviceSuspended e) {
            return Describer.of(k, "device stopped before pre-copy")
                    .device(e.deviceId()).field("path", e.path())
                    .text("%s has no tracker and stops before round 0 (%s)", e.deviceId(), e.path());
        }
        if (event instanceof VmmEvents.RoundStarted e) {
            return Describer.of(k, "pre-copy round " + e.round() + " start")
                    .field("round", e.round()).field("pages", e.pages())
                    .text("pre-copy round %d starts: %d pages to send", e.round(), e.pages());
        }
        if (event instanceof VmmEvents.RoundFinished e) {
            return roundEnd(k, e.metrics());
        }
        if (event instanceof VmmEvents.StopAndCopyStarted e) {
            return Describer.of(k, "stop-and-copy start (vCPUs stop, "
                    + "VFIO_DEVICE_STATE → STOP_COPY)")
                    .field("rounds", e.rounds())
                    .text("after %d pre-copy rounds the VM stops: the downtime starts", e.rounds());
        }
        if (event instanceof VmmEvents.StopAndCopy e) {
            return Describer.of(k, "stop-and-copy")
                    .field("final-pages", e.finalPages()).field("device-bytes", e.deviceBytes())
                    .field("downtime-ns", e.downtimeNs())
                    .text("stop-and-copy sent %d pages and %d device bytes; downtime %d ns", e.finalPages(),
                            e.deviceBytes(), e.downtimeNs());
        }
        if (event instanceof VmmEvents.ResumeStarted e) {
            return Describer.of(k, "resume on the destination")
                    .field("devices", e.devices())
                    .text("the destination loads %d devices' state and resumes", e.devices());
        }
        if (event instanceof VmmEvents.DestinationResumed e) {
            return Describer.of(k, "VFIO_DEVICE_STATE RESUMING → RUNNING")
                    .device(e.deviceId()).field("bytes", e.bytes()).field("path", e.path())
                    .text("%s on the destination loaded %d bytes and runs (%s)", e.deviceId(), e.bytes(), e.path());
        }
        if (event instanceof VmmEvents.VerificationDone e) {
            Describer d = Describer.of(k, "verification")
                    .field("pages-compared", e.pagesCompared()).field("mismatches", e.mismatches())
                    .hexList("first-lost-iovas", e.firstLostIovas());
            if (!e.firstLostIovas().isEmpty()) {
                d.iova(e.firstLostIovas().get(0)); // the subject: the first lost page
            }
            return d.breakpoint(e.mismatches() > 0 ? BreakpointClass.LOST_PAGE : BreakpointClass.OTHER)
                    .text(e.mismatches() == 0 ? "verification: all %d pages arrived intact%s"
                            : "verification of %d pages: %d LOST", e.pagesCompared(),
                            e.mismatches() == 0 ? "" : e.mismatches());
        }
        if (event instanceof VmmEvents.MigrationCancelled e) {
            return Describer.of(k, "migrate_cancel")
                    .field("round", e.round()).field("retained-pages", e.retainedPages())
                    .text("migration cancelled in round %d; %d dirty pages kept for a retry", e.round(),
                            e.retainedPages());
        }
        if (event instanceof VmmEvents.MigrationFinished e) {
            return Describer.of(k, "migration " + e.result().toLowerCase())
                    .field("result", e.result()).field("reason", e.reason())
                    .text("migration %s%s", e.result().toLowerCase(), e.reason().isEmpty() ? "" : ": " + e.reason());
        }
        if (event instanceof VmmEvents.MigrationStarted e) {
            return Describer.of(k, "migrate (start)")
                    .field("bandwidth-bytes-per-second", e.bandwidthBytesPerSecond())
                    .field("downtime-limit-ns", e.downtimeLimitNs()).field("max-rounds", e.maxRounds())
                    .text("migration starts: %d B/s link, downtime limit %d ns, at most %d rounds",
                            e.bandwidthBytesPerSecond(), e.downtimeLimitNs(), e.maxRounds());
        }
        // The lanes' page sets stay on the event (the views read them); the description carries their counts only.
        if (event instanceof VmmEvents.TrackerLane e) {
            return Describer.of(k, "dirty lane (" + e.tracker() + ")")
                    .field("round", e.round()).field("tracker", e.tracker()).field("tracker-kind", e.kind())
                    .field("reported-pages", e.reported().cardinality())
                    .field("true-pages", e.truth().cardinality())
                    .text("round %d lane of %s: %d pages reported, %d really written", e.round(), e.tracker(),
                            e.reported().cardinality(), e.truth().cardinality());
        }
        if (event instanceof VmmEvents.UnionLane e) {
            return Describer.of(k, e.stopCopy() ? "dirty union (stop-and-copy)" : "dirty union")
                    .field("round", e.round()).field("stop-copy", e.stopCopy())
                    .field("sent-pages", e.sent().cardinality()).field("true-pages", e.truth().cardinality())
                    .text("round %d%s union: %d pages sent, %d really written", e.round(),
                            e.stopCopy() ? " (stop-and-copy)" : "", e.sent().cardinality(),
                            e.truth().cardinality());
        }
        if (event instanceof VmmEvents.PreCopyEnded e) {
            return Describer.of(k, "pre-copy end (" + e.decision() + ")")
                    .field("rounds", e.rounds()).field("decision", e.decision())
                    .field("estimated-downtime-ns", e.estimatedDowntimeNs())
                    .field("downtime-limit-ns", e.downtimeLimitNs())
                    .text("pre-copy ends after %d rounds: %s (estimated downtime %d ns, limit %d ns)", e.rounds(),
                            e.decision(), e.estimatedDowntimeNs(), e.downtimeLimitNs());
        }
        throw new IllegalArgumentException("not a VMM event: " + event);
    }

    private static EventInfo roundEnd(EventKind k, RoundMetrics m) {
        return Describer.of(k, "pre-copy round " + m.round() + " end")
                .field("round", m.round()).field("start-ns", m.startNs()).field("duration-ns", m.durationNs())
                .field("pages-sent", m.pagesSent()).field("bytes-sent", m.bytesSent())
                .field("device-bytes", m.deviceBytes()).field("dirty-pages", m.dirtyPages())
                .field("true-pages", m.truePages()).field("amplification", m.amplification())
                .field("estimated-downtime-ns", m.estimatedDowntimeNs()).field("iotlb-hits", m.iotlbHits())
                .field("iotlb-misses", m.iotlbMisses()).field("invalidations", m.invalidations())
                .field("splits", m.splits()).field("collapses", m.collapses()).field("vfio-synced", m.vfioSynced())
                .text("round %d sent %d pages; %d dirty for the next (%d really written), est. downtime %d ns",
                        m.round(), m.pagesSent(), m.dirtyPages(), m.truePages(), m.estimatedDowntimeNs());
    }

    private static String trackingCall(String kind, boolean start) {
        return switch (kind) {
            case "IOMMU" -> "IOMMU_HWPT_SET_DIRTY_TRACKING" + (start ? " (IOMMU_HWPT_DIRTY_TRACKING_ENABLE)" : "");
            case "DEVICE" -> "VFIO_DEVICE_FEATURE_DMA_LOGGING_" + (start ? "START" : "STOP");
            case "KVM" -> "KVM_SET_USER_MEMORY_REGION (KVM_MEM_LOG_DIRTY_PAGES " + (start ? "set)" : "cleared)");
            case "TYPE1" -> "VFIO_IOMMU_DIRTY_PAGES_FLAG_" + (start ? "START" : "STOP");
            default -> (start ? "start " : "stop ") + kind.toLowerCase() + " tracking";
        };
    }
}

package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.List;

/** Events of the VMM's tracker policy and live-migration loop. */
public final class VmmEvents {
    private VmmEvents() {
    }

    /** The tracker (or treatment) chosen for a device, and why. */
    public record TrackerChosen(String deviceId, String tracker, String treatment, String reason) implements SimEvent {
    }

    public record TrackingStarted(String tracker, String kind) implements SimEvent {
    }

    public record TrackingStopped(String tracker, String kind) implements SimEvent {
    }

    /** One tracker's sync: pages it reported, and the pages its sources really wrote since its last sync. */
    public record TrackerSynced(int round, String tracker, long reportedPages, long truePages) implements SimEvent {
    }

    /**
     * The pages one tracker reported at a sync and the pages its sources really wrote since its previous sync, frozen
     * for views that compare them (false positives: reported, never written; false negatives: written, never
     * reported). Emitted only when someone listens.
     */
    public record TrackerLane(int round, String tracker, TrackerKind kind, PageBits reported, PageBits truth)
            implements SimEvent {
    }

    /**
     * The union the VMM sends after a round's sync (or the final sync of stop-and-copy) and every page guest memory
     * really saw written since the previous sync. Emitted only when someone listens.
     */
    public record UnionLane(int round, boolean stopCopy, PageBits sent, PageBits truth) implements SimEvent {
    }

    /** A split policy split leaves of a HWPT (not upstream Linux: proposals 4.a / 4.b). */
    public record SplitApplied(int hwptId, String policy, long leavesSplit, long tablePagesAfter) implements SimEvent {
    }

    /** Split leaves were collapsed back when tracking stopped (not upstream Linux). */
    public record CollapseApplied(int hwptId, String reason, long collapses, long tablePagesAfter) implements SimEvent {
    }

    /** A hot-plugged device could not join the dirty-tracking HWPT; the fallback the user chose was applied. */
    public record HotplugFallbackApplied(String deviceId, String fallback, int hwptId, String why) implements SimEvent {
    }

    /** A migration attempt starts on a link of this bandwidth, with this downtime limit and at most these rounds. */
    public record MigrationStarted(long bandwidthBytesPerSecond, long downtimeLimitNs, int maxRounds)
            implements SimEvent {
    }

    /**
     * Pre-copy ends after {@code rounds} rounds: {@code converged} (the estimated downtime fits the limit) or
     * {@code out-of-rounds} (it does not, but no round is left); stop-and-copy follows.
     */
    public record PreCopyEnded(int rounds, String decision, long estimatedDowntimeNs, long downtimeLimitNs)
            implements SimEvent {
    }

    public record MigrationBlocked(List<String> reasons) implements SimEvent {
        public MigrationBlocked {
            reasons = List.copyOf(reasons);
        }
    }

    /** A device without a tracker stopped before pre-copy (the suspend-early policy). */
    public record DeviceSuspended(String deviceId, List<VfioMigState> path) implements SimEvent {
        public DeviceSuspended {
            path = List.copyOf(path);
        }
    }

    /** Pre-copy round {@code round} (0 = the full copy) starts sending {@code pages} guest pages. */
    public record RoundStarted(int round, long pages) implements SimEvent {
    }

    public record RoundFinished(RoundMetrics metrics) implements SimEvent {
    }

    /** vCPUs and devices stopped; the final dirty set and device state go over the link. */
    public record StopAndCopy(long finalPages, long deviceBytes, long downtimeNs) implements SimEvent {
    }

    /** vCPUs stop and devices go to STOP_COPY after {@code rounds} pre-copy rounds: the downtime starts. */
    public record StopAndCopyStarted(int rounds) implements SimEvent {
    }

    /** The destination starts loading device state ({@code devices} devices) and resumes the VM. */
    public record ResumeStarted(int devices) implements SimEvent {
    }

    /** A destination device loaded its state and runs. */
    public record DestinationResumed(String deviceId, long bytes, List<VfioMigState> path) implements SimEvent {
        public DestinationResumed {
            path = List.copyOf(path);
        }
    }

    public record VerificationDone(long pagesCompared, long mismatches, List<Long> firstLostIovas)
            implements SimEvent {
        public VerificationDone {
            firstLostIovas = List.copyOf(firstLostIovas);
        }
    }

    /** Migration cancelled: devices back to RUNNING, tracking stopped, splits collapsed; unsent dirty pages kept. */
    public record MigrationCancelled(int round, long retainedPages) implements SimEvent {
    }

    public record MigrationFinished(String result, String reason) implements SimEvent {
    }
}

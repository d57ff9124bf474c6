package io.ioptexplorer.hardware.inspect.migration;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import io.ioptexplorer.hardware.vmm.VmmEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An event sink that keeps every migration's rounds, decision, stop-and-copy and verification, and every FSM arc,
 * and passes every event on. Rounds are rare (one record each), so it costs nothing per DMA access.
 */
public final class MigrationCapture implements EventSink {
    private final EventSink downstream;
    private final List<MigrationRecord> finished = new ArrayList<>();
    private final List<FsmArc> arcs = new ArrayList<>();
    private final List<RoundMetrics> rounds = new ArrayList<>();
    private boolean active;
    private long bandwidth;
    private long limitNs;
    private int maxRounds;
    private String decision = "";
    private MigrationRecord.StopCopy stopCopy;
    private MigrationRecord.Checked verification;

    public MigrationCapture(EventSink downstream) {
        this.downstream = downstream == null ? EventSink.NONE : downstream;
    }

    /** A capture holding the same migrations and arcs (the records are immutable), passing on to {@code downstream}. */
    public MigrationCapture copy(EventSink downstream) {
        MigrationCapture c = new MigrationCapture(downstream);
        c.finished.addAll(finished);
        c.arcs.addAll(arcs);
        c.rounds.addAll(rounds);
        c.active = active;
        c.bandwidth = bandwidth;
        c.limitNs = limitNs;
        c.maxRounds = maxRounds;
        c.decision = decision;
        c.stopCopy = stopCopy;
        c.verification = verification;
        return c;
    }

    @Override
    public void emit(SimEvent event) {
        if (event instanceof VmmEvents.MigrationStarted s) {
            active = true;
            bandwidth = s.bandwidthBytesPerSecond();
            limitNs = s.downtimeLimitNs();
            maxRounds = s.maxRounds();
        } else if (event instanceof VmmEvents.RoundFinished r) {
            rounds.add(r.metrics());
        } else if (event instanceof VmmEvents.PreCopyEnded e) {
            decision = e.decision();
        } else if (event instanceof VmmEvents.MigrationBlocked) {
            decision = "blocked";
        } else if (event instanceof VmmEvents.StopAndCopy s) {
            stopCopy = new MigrationRecord.StopCopy(s.finalPages(), s.deviceBytes(), s.downtimeNs());
        } else if (event instanceof VmmEvents.VerificationDone v) {
            verification = new MigrationRecord.Checked(v.pagesCompared(), v.mismatches(), v.firstLostIovas());
        } else if (event instanceof VmmEvents.MigrationFinished f) {
            finished.add(record(f.result().toLowerCase(Locale.ROOT), f.reason()));
            reset();
        } else if (event instanceof VfioMigArcEvent a) {
            arcs.add(new FsmArc(arcs.size(), a.deviceId(), a.from(), a.to(), a.requested(), a.call(),
                    active ? finished.size() : -1));
        }
        if (downstream.enabled()) {
            downstream.emit(event);
        }
    }

    /** Where every event goes on to. */
    public EventSink downstream() {
        return downstream;
    }

    @Override
    public boolean enabled() {
        return true; // the VMM's round events must reach it even when nothing downstream listens
    }

    private MigrationRecord record(String result, String reason) {
        return new MigrationRecord(finished.size(), bandwidth, limitNs, maxRounds, rounds, decision, result,
                reason == null ? "" : reason, stopCopy, verification);
    }

    private void reset() {
        active = false;
        rounds.clear();
        decision = "";
        stopCopy = null;
        verification = null;
    }

    /** Every migration so far, the one under way (if any) last as {@code running}. Immutable. */
    public List<MigrationRecord> migrations() {
        List<MigrationRecord> out = new ArrayList<>(finished);
        if (active) {
            out.add(record("running", ""));
        }
        return List.copyOf(out);
    }

    /** Every FSM arc of the run so far. */
    public List<FsmArc> arcs() {
        return List.copyOf(arcs);
    }
}

package io.ioptexplorer.hardware.inspect.tracking;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vmm.VmmEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An event sink that keeps the lanes of every migration as the VMM syncs them, and passes every event on. It keeps
 * only the frozen page sets of each sync (a few MiB per round on a 64 GiB guest), never one object per page.
 */
public final class LaneCapture implements EventSink {
    private final EventSink downstream;
    private final List<MigrationLanes> finished = new ArrayList<>();
    private final List<LaneRound> rounds = new ArrayList<>();
    private final List<Lane> pendingTrackers = new ArrayList<>();
    private long mismatches;
    private List<Long> lostIovas = List.of();
    private boolean active;

    public LaneCapture(EventSink downstream) {
        this.downstream = downstream == null ? EventSink.NONE : downstream;
    }

    @Override
    public void emit(SimEvent event) {
        if (event instanceof VmmEvents.TrackerLane t) {
            active = true;
            pendingTrackers.add(new Lane(t.tracker(), kindName(t.kind().name()), t.reported(), t.truth()));
        } else if (event instanceof VmmEvents.UnionLane u) {
            List<Lane> lanes = new ArrayList<>(pendingTrackers);
            lanes.add(new Lane(Lane.UNION, Lane.UNION, u.sent(), u.truth()));
            rounds.add(new LaneRound(u.round(), u.stopCopy(), lanes));
            pendingTrackers.clear();
        } else if (event instanceof VmmEvents.VerificationDone v) {
            mismatches = v.mismatches();
            lostIovas = v.firstLostIovas();
        } else if (event instanceof VmmEvents.MigrationFinished f) {
            finished.add(new MigrationLanes(finished.size(), 0, rounds, f.result().toLowerCase(Locale.ROOT),
                    mismatches, lostIovas));
            reset();
        }
        if (downstream.enabled()) {
            downstream.emit(event);
        }
    }

    private void reset() {
        rounds.clear();
        pendingTrackers.clear();
        mismatches = 0;
        lostIovas = List.of();
        active = false;
    }

    /** Every migration so far (the one under way last, as {@code running}), on a GPA axis of {@code guestPages}. */
    public List<MigrationLanes> migrations(long guestPages) {
        List<MigrationLanes> out = new ArrayList<>();
        for (MigrationLanes m : finished) {
            out.add(new MigrationLanes(m.ordinal(), guestPages, m.rounds(), m.result(), m.mismatches(),
                    m.lostIovas()));
        }
        if (active || !rounds.isEmpty()) {
            out.add(new MigrationLanes(finished.size(), guestPages, rounds, "running", 0, List.of()));
        }
        return List.copyOf(out);
    }

    static String kindName(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.ioptexplorer.hardware.inspect.tracking;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.vmm.VmmEvents;
import java.util.ArrayList;
import io.ioptexplorer.hardware.bitmap.PageBits;
import java.util.List;
import java.util.function.Supplier;
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
    /** Between MigrationStarted and the stop-and-copy sync: a round is under way. */
    private boolean roundUnderWay;

    public LaneCapture(EventSink downstream) {
        this.downstream = downstream == null ? EventSink.NONE : downstream;
    }

    /** A capture holding the same lanes (immutable records of frozen page sets), passing on to {@code downstream}. */
    public LaneCapture copy(EventSink downstream) {
        LaneCapture c = new LaneCapture(downstream);
        c.finished.addAll(finished);
        c.rounds.addAll(rounds);
        c.pendingTrackers.addAll(pendingTrackers);
        c.mismatches = mismatches;
        c.lostIovas = lostIovas;
        c.active = active;
        c.roundUnderWay = roundUnderWay;
        return c;
    }

    @Override
    public void emit(SimEvent event) {
        if (event instanceof VmmEvents.MigrationStarted) {
            active = true;
            roundUnderWay = true;
        } else if (event instanceof VmmEvents.MigrationBlocked || event instanceof VmmEvents.StopAndCopyStarted
                || event instanceof VmmEvents.MigrationCancelled) {
            roundUnderWay = false;
        } else if (event instanceof VmmEvents.TrackerLane t) {
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
        roundUnderWay = false;
    }

    /** Whether a migration is between its start and its stop-and-copy: its next round is under way. */
    public boolean roundUnderWay() {
        return roundUnderWay;
    }

    /** Every migration so far (the one under way last, as {@code running}), on a GPA axis of {@code guestPages}. */
    public List<MigrationLanes> migrations(long guestPages) {
        return migrations(guestPages, null);
    }

    /**
     * The same, and while a round is under way its lanes so far ({@link LaneRound#inProgress}) after the synced ones,
     * with {@code writtenSinceSync} the pages written since the previous sync (asked only then).
     */
    public List<MigrationLanes> migrations(long guestPages, Supplier<PageBits> writtenSinceSync) {
        List<MigrationLanes> out = new ArrayList<>();
        for (MigrationLanes m : finished) {
            out.add(new MigrationLanes(m.ordinal(), guestPages, m.rounds(), m.result(), m.mismatches(),
                    m.lostIovas()));
        }
        if (active || !rounds.isEmpty()) {
            List<LaneRound> shown = new ArrayList<>(rounds);
            if (roundUnderWay && writtenSinceSync != null) {
                List<String> names = rounds.isEmpty() ? List.of()
                        : rounds.get(rounds.size() - 1).trackers().stream().map(Lane::name).toList();
                int next = rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).round() + 1;
                shown.add(LaneRound.inProgress(next, names, writtenSinceSync.get()));
            }
            out.add(new MigrationLanes(finished.size(), guestPages, shown, "running", 0, List.of()));
        }
        return List.copyOf(out);
    }

    static String kindName(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.ioptexplorer.hardware.inspect.tracking;

import io.ioptexplorer.hardware.bitmap.PageBits;
import java.util.List;
import java.util.Optional;

/**
 * Every lane of one sync: the trackers in the VMM's sync order, then the union it sends.
 *
 * @param round    the pre-copy round whose end this sync is (0 = the full copy); for stop-and-copy, the number of
 *                 pre-copy rounds
 * @param stopCopy whether this is the final sync, taken after vCPUs and devices stopped
 * @param pending  the round under way, before its sync: no tracker has been read yet, and the union lane holds the
 *                 pages written so far (its report is empty, not lost)
 */
public record LaneRound(int round, boolean stopCopy, List<Lane> lanes, boolean pending) {
    public LaneRound {
        lanes = List.copyOf(lanes);
    }

    /** A synced round. */
    public LaneRound(int round, boolean stopCopy, List<Lane> lanes) {
        this(round, stopCopy, lanes, false);
    }

    /**
     * The round under way: the trackers (named as at the previous sync, none before the first) not read yet, and the
     * pages really written since the previous sync (the migration's start for round 0).
     */
    public static LaneRound inProgress(int round, List<String> trackers, PageBits written) {
        List<Lane> lanes = new java.util.ArrayList<>();
        for (String t : trackers) {
            lanes.add(new Lane(t, "not-read", PageBits.EMPTY, PageBits.EMPTY));
        }
        lanes.add(new Lane(Lane.UNION, Lane.UNION, PageBits.EMPTY, written));
        return new LaneRound(round, false, lanes, true);
    }

    public String label() {
        return stopCopy ? "stop-and-copy" : pending ? "round " + round + " (not read yet)" : "round " + round;
    }

    /**
     * A stop-and-copy sync that found nothing: no page was written between the last pre-copy sync and the stop (the
     * VMM stops the guest and the devices right after the sync that showed the rest fits the downtime), so what
     * stop-and-copy sends is that sync's union.
     */
    public boolean nothingSinceLastSync() {
        return stopCopy && lanes.stream().allMatch(l -> l.reported().isEmpty() && l.truth().isEmpty());
    }

    public Optional<Lane> lane(String name) {
        return lanes.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Optional<Lane> union() {
        return lanes.stream().filter(Lane::union).findFirst();
    }

    /** The trackers' lanes, without the union. */
    public List<Lane> trackers() {
        return lanes.stream().filter(l -> !l.union()).toList();
    }
}

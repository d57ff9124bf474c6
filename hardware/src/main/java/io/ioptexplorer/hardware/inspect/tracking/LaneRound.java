package io.ioptexplorer.hardware.inspect.tracking;

import java.util.List;
import java.util.Optional;

/**
 * Every lane of one sync: the trackers in the VMM's sync order, then the union it sends.
 *
 * @param round    the pre-copy round whose end this sync is (0 = the full copy); for stop-and-copy, the number of
 *                 pre-copy rounds
 * @param stopCopy whether this is the final sync, taken after vCPUs and devices stopped
 */
public record LaneRound(int round, boolean stopCopy, List<Lane> lanes) {
    public LaneRound {
        lanes = List.copyOf(lanes);
    }

    public String label() {
        return stopCopy ? "stop-and-copy" : "round " + round;
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

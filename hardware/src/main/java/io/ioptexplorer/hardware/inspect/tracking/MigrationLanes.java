package io.ioptexplorer.hardware.inspect.tracking;

import io.ioptexplorer.hardware.memory.GuestMemory;
import java.util.List;
import java.util.Optional;

/**
 * The lanes of one migration attempt, sync by sync, and how it ended.
 *
 * @param ordinal      0 for the run's first {@code migrate}, 1 for the next...
 * @param guestPages   4 KiB pages of guest memory: the lanes' GPA axis runs from 0 to here
 * @param rounds       the pre-copy syncs in order, then the stop-and-copy sync when it happened; while running,
 *                     last the round under way ({@link LaneRound#pending()})
 * @param result       {@code completed}, {@code blocked}, {@code cancelled}, {@code failed}, or {@code running}
 * @param mismatches   pages the verifier found different on the destination (0 unless completed)
 * @param lostIovas    the first lost pages by IOVA, as the verifier names them
 */
public record MigrationLanes(int ordinal, long guestPages, List<LaneRound> rounds, String result, long mismatches,
                             List<Long> lostIovas) {
    public MigrationLanes {
        rounds = List.copyOf(rounds);
        lostIovas = List.copyOf(lostIovas);
    }

    public List<LaneRound> preCopyRounds() {
        return rounds.stream().filter(r -> !r.stopCopy() && !r.pending()).toList();
    }

    public Optional<LaneRound> stopCopy() {
        return rounds.stream().filter(LaneRound::stopCopy).findFirst();
    }

    /**
     * The sync that lost {@code iova}: the last one whose union lane has it as a false negative (written, never
     * reported, and not reported by a later sync either). Empty if no sync missed it.
     */
    public Optional<LaneRound> syncThatLost(long iova) {
        long frame = iova >>> GuestMemory.PAGE_SHIFT;
        LaneRound lost = null;
        for (LaneRound r : rounds) {
            Optional<Lane> u = r.union();
            if (u.isEmpty() || r.pending()) {
                continue;
            }
            if (u.get().reported().contains(frame)) {
                lost = null;
            } else if (u.get().truth().contains(frame)) {
                lost = r;
            }
        }
        return Optional.ofNullable(lost);
    }
}

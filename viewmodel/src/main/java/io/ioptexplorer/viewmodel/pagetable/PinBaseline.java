package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.LeafRuns;
import io.ioptexplorer.hardware.inspect.MachineInspect;
import io.ioptexplorer.hardware.inspect.MachineInspect.HwptInfo;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.RadixFolding;
import io.ioptexplorer.hardware.machine.Machine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pinned moment as the page-table views compare with it: every folded row of every HWPT (its signature and raw
 * entry, by the same keys the tree marks changes with) and the IOTLBs. Captured on the simulation thread from a
 * machine replayed to the pinned step; immutable afterwards.
 *
 * @param step     steps done at the pinned moment
 * @param rows     per HWPT id, row key to row signature
 * @param raws     per HWPT id, row key to raw entry
 * @param iotlbs   the IOTLBs at the pinned moment
 * @param complete false when a table was too large to read whole: rows not read are then not marked
 * @param leaves   per HWPT id, its leaves as runs of one size and state, for the IOVA map to mark the pages that
 *                 differ (at most {@link #MAX_RUNS} per HWPT; past them nothing is marked)
 */
public record PinBaseline(int step, Map<Integer, Map<String, Long>> rows, Map<Integer, Map<String, Long>> raws,
                          List<IotlbSnapshot> iotlbs, boolean complete, Map<Integer, LeafRuns> leaves) {
    /**
     * Rows read per HWPT at most (every leaf of a run is a row: 1 GiB of 4 KiB leaves is 262 144); past it the
     * baseline is incomplete and rows it did not read are not marked.
     */
    static final int MAX_ROWS = 400_000;
    /**
     * Runs kept per HWPT at most (18 bytes each): a run ends only where size or state changes, so 64 GiB of clean
     * 4 KiB leaves is one run, and only pages alternating clean and dirty come near this.
     */
    static final int MAX_RUNS = 1 << 20;

    public PinBaseline {
        rows = Map.copyOf(rows);
        raws = Map.copyOf(raws);
        iotlbs = List.copyOf(iotlbs);
        leaves = Map.copyOf(leaves);
    }

    /** The pinned leaves of HWPT {@code hwptId}; none when it did not exist at the pinned moment. */
    public LeafRuns leavesOf(int hwptId) {
        return leaves.getOrDefault(hwptId, LeafRuns.NONE);
    }

    /** Reads {@code m} (simulation thread only). */
    public static PinBaseline capture(Machine m, int step) {
        Map<Integer, Map<String, Long>> rows = new HashMap<>();
        Map<Integer, Map<String, Long>> raws = new HashMap<>();
        Map<Integer, LeafRuns> leaves = new HashMap<>();
        boolean complete = true;
        for (HwptInfo h : MachineInspect.hwpts(m)) {
            leaves.put(h.id(), LeafRuns.of(MachineInspect.pageTable(m, h.id()), 0, -1L, MAX_RUNS));
            RadixFolding folding = new RadixFolding(MachineInspect.pageTable(m, h.id()));
            Map<String, Long> sig = new HashMap<>();
            Map<String, Long> raw = new HashMap<>();
            Deque<PtRow> todo = new ArrayDeque<>(folding.rootRows());
            while (!todo.isEmpty()) {
                if (sig.size() >= MAX_ROWS) {
                    complete = false;
                    break;
                }
                PtRow r = todo.pop();
                sig.put(PageTableViewModel.key(r), PageTableViewModel.signature(r));
                raw.put(PageTableViewModel.key(r), r.raw());
                if (r.kind() == PtRow.Kind.TABLE || (r.kind() == PtRow.Kind.LEAVES && r.count() > 1)) {
                    todo.addAll(folding.expand(r));
                }
            }
            rows.put(h.id(), Map.copyOf(sig));
            raws.put(h.id(), Map.copyOf(raw));
        }
        return new PinBaseline(step, rows, raws, MachineInspect.iotlbs(m), complete, leaves);
    }
}

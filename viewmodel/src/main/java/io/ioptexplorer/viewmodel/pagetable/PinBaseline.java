package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
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
 */
public record PinBaseline(int step, Map<Integer, Map<String, Long>> rows, Map<Integer, Map<String, Long>> raws,
                          List<IotlbSnapshot> iotlbs, boolean complete) {
    /**
     * Rows read per HWPT at most (every leaf of a run is a row: 1 GiB of 4 KiB leaves is 262 144); past it the
     * baseline is incomplete and rows it did not read are not marked.
     */
    static final int MAX_ROWS = 400_000;

    public PinBaseline {
        rows = Map.copyOf(rows);
        raws = Map.copyOf(raws);
        iotlbs = List.copyOf(iotlbs);
    }

    /** Reads {@code m} (simulation thread only). */
    public static PinBaseline capture(Machine m, int step) {
        Map<Integer, Map<String, Long>> rows = new HashMap<>();
        Map<Integer, Map<String, Long>> raws = new HashMap<>();
        boolean complete = true;
        for (HwptInfo h : MachineInspect.hwpts(m)) {
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
        return new PinBaseline(step, rows, raws, MachineInspect.iotlbs(m), complete);
    }
}

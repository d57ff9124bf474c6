package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.MachineInspect.HwptInfo;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import java.util.List;

/**
 * Everything the page-table window draws at one moment, captured in one go on the simulation thread.
 *
 * @param hwpt     the HWPT shown, null when the machine has none
 * @param granuleShift log2 of the format's smallest page (the map's finest bucket)
 * @param walk     the walk to highlight (the last step's DMA, or a find), null if none
 * @param map      the IOVA map of {@code viewport}, null without a HWPT
 * @param step     index of the last step run, -1 before the first
 * @param stepOp   its operation, "" before the first
 * @param machineMoment where the machine is (step, simulated time, table pages allocated and freed): equal values
 *                 mean the machine has not moved, so a repeated snapshot does not count as a new moment
 */
public record PageTableSnapshot(List<HwptInfo> hwpts, HwptInfo hwpt, String format, int granuleShift,
                                List<PtRow> rootRows,
                                WalkTrace walk, IovaMap map, MapViewport viewport, List<IotlbSnapshot> iotlbs,
                                int step, String stepOp, String machineMoment) {
    public PageTableSnapshot {
        hwpts = List.copyOf(hwpts);
        rootRows = List.copyOf(rootRows);
        iotlbs = List.copyOf(iotlbs);
    }
}

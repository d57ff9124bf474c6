package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.MapDifferences;
import io.ioptexplorer.hardware.inspect.MachineInspect.HwptInfo;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import java.util.List;

/**
 * Everything the page-table window draws at one moment, captured in one go on the machine thread.
 *
 * @param hwpt     the HWPT shown, null when the machine has none
 * @param granuleShift log2 of the format's smallest page (the map's finest bucket)
 * @param walk     the walk to highlight (the walk the machine is paused inside, the last step's DMA, or a find),
 *                 null if none
 * @param map      the IOVA map of {@code viewport}, null without a HWPT
 * @param step     index of the last step run, -1 before the first
 * @param stepOp   its operation, "" before the first
 * @param machineMoment where the machine is (step, simulated time, table pages allocated and freed, event): equal
 *                 values mean the machine has not moved, so a repeated snapshot does not count as a new moment
 * @param seq      the latest event that has happened (-1 before any)
 * @param inside   where the machine is paused inside a step: its event, or null at a step boundary
 * @param walkLive whether {@code walk} is the walk in progress, read from the events so far (one level per
 *                 {@code walk-step})
 * @param activity what the IOTLBs did since the previous moment
 * @param changes  the entries of {@code hwpt} written since the previous moment
 * @param sincePin the map's buckets that differ from the pinned moment compared with, null when none is
 * @param written  the path to the entry the event paused inside wrote (a split, an entry update, a mapping), for the
 *                 tree to open and select; null when it wrote none of this table's entries
 * @param hit      the IOTLB hit the machine is paused inside, with the path to the leaf its entry caches, for the
 *                 tree to open and select (a hit walks nothing); null otherwise
 */
public record PageTableSnapshot(List<HwptInfo> hwpts, HwptInfo hwpt, String format, int granuleShift,
                                List<PtRow> rootRows,
                                WalkTrace walk, IovaMap map, MapViewport viewport, List<IotlbSnapshot> iotlbs,
                                int step, String stepOp, String machineMoment, long seq, Inside inside,
                                boolean walkLive, IotlbActivity activity, EntryChanges changes,
                                MapDifferences sincePin, WrittenEntry written, CachedHit hit) {
    /**
     * The event the machine is paused inside: its seq, its step, its kind, its one-line text and the HWPT it belongs
     * to (-1 for none).
     */
    public record Inside(long seq, int step, String stepOp, String kind, String text, int hwpt) {
    }

    /**
     * The HWPT the machine is paused inside an event of that is not among {@link #hwpts()}, or -1: IOMMU_HWPT_ALLOC
     * setting up its root table, before there is a table to show (its entries' events list it as being allocated).
     */
    public int hwptBeingSetUp() {
        if (inside == null || inside.hwpt() < 0) {
            return -1;
        }
        return hwpts.stream().anyMatch(h -> h.id() == inside.hwpt()) ? -1 : inside.hwpt();
    }

    public PageTableSnapshot {
        hwpts = List.copyOf(hwpts);
        rootRows = List.copyOf(rootRows);
        iotlbs = List.copyOf(iotlbs);
    }

    /** The same moment read again (a zoom, a selection): what changed since the previous moment stays marked. */
    PageTableSnapshot sinceAs(PageTableSnapshot last) {
        boolean sameHwpt = hwpt != null && last.hwpt != null && hwpt.id() == last.hwpt.id();
        return new PageTableSnapshot(hwpts, hwpt, format, granuleShift, rootRows, walk, map, viewport, iotlbs, step,
            stepOp, machineMoment, seq, inside, walkLive, last.activity, sameHwpt ? last.changes : changes, sincePin, written,
            hit);
    }

    /** The same moment with another walk highlighted (a find). */
    PageTableSnapshot withWalk(WalkTrace w) {
        return new PageTableSnapshot(hwpts, hwpt, format, granuleShift, rootRows, w, map, viewport, iotlbs, step,
            stepOp, machineMoment, seq, inside, false, activity, changes, sincePin, written, hit);
    }
}

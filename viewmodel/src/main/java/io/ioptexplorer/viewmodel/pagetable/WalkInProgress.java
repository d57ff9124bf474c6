package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.iommu.events.IotlbMiss;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.events.WalkFault;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The hardware walk the machine is paused inside, read back from its {@code walk-step} events (emitted by
 * {@code IoPageTable.translate}, one per level read, root first): after the first step only the root entry is known,
 * then the next level, and so on. A {@code walk-fault} among them says where the walk stopped and why.
 */
final class WalkInProgress {
    /** How far back to look for the start of the translation (a walk has at most 6 levels plus a few updates). */
    private static final int LOOK_BACK = 24;

    private WalkInProgress() {
    }

    /**
     * The walk up to the event {@code seq} (the one paused inside) of HWPT {@code hwpt}, or empty when that event is
     * not part of a walk (for example an IOTLB hit, which walks nothing).
     *
     * @param events the full record of a recent event by seq, or empty when it is no longer kept
     */
    static Optional<WalkTrace> upTo(long seq, int hwpt, PageTableFormat fmt,
                                    LongFunction<Optional<TimelineEvent>> events) {
        List<WalkStep> steps = new ArrayList<>();
        WalkFault fault = null;
        int step = Integer.MIN_VALUE;
        for (long s = seq; s >= 0 && s > seq - LOOK_BACK; s--) {
            Optional<TimelineEvent> found = events.apply(s);
            if (found.isEmpty()) {
                break;
            }
            TimelineEvent e = found.get();
            if (step == Integer.MIN_VALUE) {
                step = e.step();
            } else if (e.step() != step) {
                break; // a walk never crosses a step: the last step's DMA is over (it showed in a dirty read's events)
            }
            if (e.event() instanceof IotlbMiss || e.event() instanceof IotlbHit || e.event() instanceof DmaAccess) {
                break; // the start of this translation
            }
            if (e.event() instanceof WalkStep w) {
                if (e.scope().hwpt() != hwpt || (!steps.isEmpty() && steps.get(0).iova() != w.iova())) {
                    break;
                }
                steps.add(0, w);
            } else if (e.event() instanceof WalkFault f && steps.isEmpty() && fault == null) {
                fault = f;
            }
        }
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(trace(fmt, steps, fault));
    }

    static WalkTrace trace(PageTableFormat fmt, List<WalkStep> steps, WalkFault fault) {
        List<WalkLevel> levels = new ArrayList<>();
        for (WalkStep w : steps) {
            levels.add(new WalkLevel(w.level(), w.tableAddr(), w.index(), w.entry(), w.kind(),
                fmt.decode(w.entry(), w.level())));
        }
        WalkStep last = steps.get(steps.size() - 1);
        long iova = last.iova();
        if (fault != null) {
            return new WalkTrace(iova, fmt.name(), levels, 0, 0, 0, String.format(
                "fault at level %d, entry %d of table 0x%x: %s on a %s (entry 0x%x)", fault.level(), last.index(),
                last.tableAddr(), fault.reason(), fault.access().name().toLowerCase(java.util.Locale.ROOT),
                fault.entry()));
        }
        if (last.kind() == PageTableFormat.LEAF) {
            long size = fmt.leafSize(last.entry(), last.level());
            long leafIova = iova & -size;
            return new WalkTrace(iova, fmt.name(), levels, size, leafIova,
                fmt.leafPa(last.entry(), last.level()) + (iova - leafIova), null);
        }
        if (last.kind() == PageTableFormat.EMPTY) {
            return new WalkTrace(iova, fmt.name(), levels, 0, 0, 0, String.format(
                "not present at level %d: entry %d of table 0x%x is empty", last.level(), last.index(),
                last.tableAddr()));
        }
        return new WalkTrace(iova, fmt.name(), levels, 0, 0, 0, String.format(
            "paused inside the walk: level %d read, level %d next", last.level(), last.level() - 1));
    }
}

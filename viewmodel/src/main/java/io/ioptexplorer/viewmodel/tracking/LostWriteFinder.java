package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import java.util.Optional;

/**
 * Where a page the verifier found lost had its write go unrecorded, as far as the timeline can tell: the last
 * lost-page event on the page (an untracked write, a skipped dirty flush), else the last DMA access to it. Reads the
 * compact index only (kind and subject IOVA per event), so it works on any run however long.
 */
public final class LostWriteFinder {
    private LostWriteFinder() {
    }

    /** The moment of that event, or empty when no event of the timeline touched the page. */
    public static Optional<Moment> momentOf(TimelineIndex timeline, long iova, long pageBytes) {
        long lo = iova - Math.floorMod(iova, pageBytes);
        long hi = lo + pageBytes;
        long lost = -1;
        long access = -1;
        // backwards from the end: the first lost-page event met is the last one; a tight scan of the IOVA column
        for (long s = timeline.previousInIovaRange(Long.MAX_VALUE, 0, lo, hi); s >= 0;
                s = timeline.previousInIovaRange(s, 0, lo, hi)) {
            EventKind k = timeline.kind(s);
            if (k.breakpoint() == BreakpointClass.LOST_PAGE || k == EventKind.DIRTY_FLUSH_SKIPPED) {
                lost = s;
                break;
            } else if (k == EventKind.DMA_ACCESS && access < 0) {
                access = s;
            }
        }
        long seq = lost >= 0 ? lost : access;
        return seq < 0 ? Optional.empty() : Optional.of(new Moment(timeline.stepOf(seq), seq));
    }
}

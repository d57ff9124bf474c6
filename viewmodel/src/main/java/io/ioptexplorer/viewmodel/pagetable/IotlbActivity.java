package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.iommu.events.IotlbEvicted;
import io.ioptexplorer.hardware.iommu.events.IotlbFilled;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.iommu.events.IotlbInvalidated;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What the IOTLBs did between two moments, derived from the events in between: per IOMMU the fills, hits, misses,
 * evictions and invalidations counted from the timeline index, and the entries touched (from the full records of the
 * latest events) so the view can flash those cells.
 *
 * @param fromSeq the last event of the previous moment (exclusive)
 * @param toSeq   the last event of this moment (inclusive)
 */
public record IotlbActivity(long fromSeq, long toSeq, Map<String, Counts> byUnit, List<Touch> touches) {
    /** How many events of the latest ones are read in full for flashes (older ones are only counted). */
    static final int FLASH_WINDOW = 4096;
    static final int MAX_TOUCHES = 512;

    public static final IotlbActivity NONE = new IotlbActivity(-1, -1, Map.of(), List.of());

    public enum What { FILL, HIT, EVICT, INVALIDATE }

    /** One IOTLB entry touched: for an invalidation, {@code leafIova..lastIova} is the range invalidated. */
    public record Touch(String unitId, What what, int domainId, long leafIova, long lastIova) {
    }

    public record Counts(long fills, long hits, long misses, long evictions, long invalidations) {
        Counts plus(EventKind k) {
            return new Counts(fills + (k == EventKind.IOTLB_FILL ? 1 : 0), hits + (k == EventKind.IOTLB_HIT ? 1 : 0),
                misses + (k == EventKind.IOTLB_MISS ? 1 : 0), evictions + (k == EventKind.IOTLB_EVICT ? 1 : 0),
                invalidations + (k == EventKind.IOTLB_INVALIDATED ? 1 : 0));
        }
    }

    public IotlbActivity {
        byUnit = Map.copyOf(byUnit);
        touches = List.copyOf(touches);
    }

    public Counts of(String unitId) {
        return byUnit.getOrDefault(unitId, new Counts(0, 0, 0, 0, 0));
    }

    /** The activity in {@code (fromSeq, toSeq]}; nothing when the machine went backwards or did not move. */
    static IotlbActivity between(TimelineIndex index, long fromSeq, long toSeq,
                                 LongFunction<Optional<TimelineEvent>> recent) {
        long to = Math.min(toSeq, index.size() - 1);
        if (fromSeq < -1 || to <= fromSeq) {
            return new IotlbActivity(fromSeq, toSeq, Map.of(), List.of());
        }
        Map<String, Counts> counts = new LinkedHashMap<>();
        List<Touch> touches = new ArrayList<>();
        for (long seq = fromSeq + 1; seq <= to; seq++) {
            EventKind k = index.kind(seq);
            if (k != EventKind.IOTLB_FILL && k != EventKind.IOTLB_HIT && k != EventKind.IOTLB_MISS
                && k != EventKind.IOTLB_EVICT && k != EventKind.IOTLB_INVALIDATED) {
                continue;
            }
            String unit = index.subject(seq).unit();
            counts.merge(unit == null ? "?" : unit, new Counts(0, 0, 0, 0, 0).plus(k), IotlbActivity::sum);
            if (seq > to - FLASH_WINDOW && touches.size() < MAX_TOUCHES) {
                recent.apply(seq).map(TimelineEvent::event).map(IotlbActivity::touch).ifPresent(touches::add);
            }
        }
        return new IotlbActivity(fromSeq, toSeq, counts, touches);
    }

    private static Counts sum(Counts a, Counts b) {
        return new Counts(a.fills + b.fills, a.hits + b.hits, a.misses + b.misses, a.evictions + b.evictions,
            a.invalidations + b.invalidations);
    }

    private static Touch touch(Object e) {
        if (e instanceof IotlbFilled f) {
            return new Touch(f.unit(), What.FILL, f.domainId(), f.leafIova(), f.leafIova() + f.leafSize() - 1);
        }
        if (e instanceof IotlbHit h) {
            return new Touch(h.unit(), What.HIT, h.domainId(), h.leafIova(), h.leafIova() + h.leafSize() - 1);
        }
        if (e instanceof IotlbEvicted v) {
            return new Touch(v.unit(), What.EVICT, v.domainId(), v.leafIova(), v.leafIova() + v.leafSize() - 1);
        }
        if (e instanceof IotlbInvalidated i) {
            return new Touch(i.unit(), What.INVALIDATE, i.domainId(), i.start(), i.end() - 1);
        }
        return null;
    }
}

package io.ioptexplorer.viewmodel.topology;

import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.SnapshotPart;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Which DMA paths carried traffic since the previous snapshot, for the topology diagram's arrows: counts the
 * dma-access events of the timeline index (kind and subject per event, no event object) between the previous
 * published moment and this one, per device and IOMMU unit.
 */
public final class DmaActivityFeed implements SnapshotPart<DmaActivity> {
    /** At most this many events are counted per snapshot (a frame of a fast play spans millions). */
    public static final int MAX_SCAN = 200_000;

    private final ReadOnlyObjectWrapper<DmaActivity> activity = new ReadOnlyObjectWrapper<>(DmaActivity.NONE);
    /** Set on the UI thread: whether the diagram that draws the traffic is on screen. */
    private volatile boolean shown = true;
    // ---- machine thread only
    private TimelineIndex timeline;
    private long lastSeq = -1;
    private DmaActivity last = DmaActivity.NONE;

    public DmaActivityFeed(LiveSession session) {
        session.register(this);
        session.addListener(this::show);
    }

    /** Machine thread. The same moment captured again gives the same answer. */
    @Override
    public DmaActivity capture(PausedMachine m) {
        TimelineIndex tl = m.timeline();
        long seq = m.moment().seq();
        if (tl != timeline) { // a new run: nothing to compare with
            timeline = tl;
            lastSeq = seq;
            last = DmaActivity.NONE;
            return last;
        }
        if (seq == lastSeq) {
            return last;
        }
        // Hidden while the machine plays: count nothing (a frame of a fast play spans a few hundred thousand events)
        // and start the next count from here; a moment the machine stops at is counted as always.
        last = seq < lastSeq || !shown && m.playing() ? DmaActivity.NONE : count(tl, lastSeq, seq);
        lastSeq = seq;
        return last;
    }

    /** dma-access events with seq in (after, upTo], the last {@link #MAX_SCAN} at most. */
    static DmaActivity count(TimelineIndex tl, long after, long upTo) {
        long from = Math.max(after + 1, upTo - MAX_SCAN + 1);
        long to = Math.min(upTo, tl.size() - 1);
        // Counted per subject first: the index hands out one Subject object per distinct subject, so an identity
        // map with a mutable counter costs no allocation per event (a map of boxed Longs did, a frame's worth of
        // events at a time while a migration played).
        Map<TimelineIndex.Subject, long[]> bySubject = new IdentityHashMap<>();
        for (long s = Math.max(0, from); s <= to; s++) {
            if (tl.kind(s) == EventKind.DMA_ACCESS) {
                bySubject.computeIfAbsent(tl.subject(s), k -> new long[1])[0]++;
            }
        }
        Map<String, Long> devices = new HashMap<>();
        Map<String, Long> units = new HashMap<>();
        bySubject.forEach((who, n) -> {
            if (who.device() != null) {
                devices.merge(who.device(), n[0], Long::sum);
            }
            if (who.unit() != null) {
                units.merge(who.unit(), n[0], Long::sum);
            }
        });
        return new DmaActivity(devices, units, from > after + 1);
    }

    /** UI thread: whether the traffic is on screen (the topology diagram's tab is selected). */
    public void setShown(boolean isShown) {
        shown = isShown;
    }

    /** UI thread. */
    private void show(MachineSnapshot s) {
        DmaActivity a = s.part(this);
        if (a != null) {
            activity.set(a);
        }
    }

    /** The traffic of the latest published moment; set on the UI thread, with every snapshot. */
    public ReadOnlyObjectProperty<DmaActivity> activityProperty() {
        return activity.getReadOnlyProperty();
    }
}

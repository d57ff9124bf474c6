package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.iommu.events.DmaAccess;
import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.EventRegenerator;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A page traced to its causes, in timeline order: the device DMA writes that dirtied it (device, simulated time, IOTLB
 * hit or miss, and on a hit whether the IOTLB already held it dirty, so that the page table was not written again),
 * each sync that read it (which trackers reported it, which missed it; a read clears what it reports), and the events
 * that lost it. Each line carries its moment, so the lanes can move the focus there.
 *
 * <p>Bounded and compact: the timeline index is scanned for the page's translations (kind and IOVA per event, no
 * object per event); only the last {@link #MAX_WRITES} are regenerated in full ({@link EventRegenerator}, one replay
 * per step they fall in) to tell writes from reads. vCPU writes are not timeline events: the trace says so, and the
 * KVM lane and the ground truth show them. Machine thread only.
 */
public final class PageTrace {
    /** Most DMA accesses listed (the latest ones). */
    public static final int MAX_WRITES = 12;
    /** How far back from a translation its DMA transaction is looked for (a transaction walks granule by granule). */
    private static final int OWNER_LOOKBACK = 1 << 16;

    /** One line of the trace; {@code moment} is null for a line that is no event (a summary, a note). */
    public record Line(String text, Moment moment) {
        @Override
        public String toString() {
            return text;
        }
    }

    private PageTrace() {
    }

    /** The trace of guest frame {@code frame} in migration {@code m}, up to the moment {@code pm} stands at. */
    public static List<Line> of(PausedMachine pm, MigrationLanes m, long frame) {
        TimelineIndex tl = pm.timeline();
        long upTo = Math.min(pm.moment().seq(), tl.size() - 1);
        long lo = frame << GuestMemory.PAGE_SHIFT;
        long hi = lo + GuestMemory.PAGE_SIZE;
        TreeMap<Long, Line> bySeq = new TreeMap<>();

        // the page's translations and lost-page events, newest MAX_WRITES kept
        Deque<Long> translations = new ArrayDeque<>();
        long seen = 0;
        for (long s = tl.nextInIovaRange(-1, lo, hi); s >= 0 && s <= upTo; s = tl.nextInIovaRange(s, lo, hi)) {
            EventKind k = tl.kind(s);
            if (k == EventKind.IOTLB_HIT || k == EventKind.IOTLB_MISS) {
                seen++;
                translations.addLast(s);
                if (translations.size() > MAX_WRITES) {
                    translations.removeFirst();
                }
            } else if (k == EventKind.UNTRACKED_WRITE || k == EventKind.DIRTY_FLUSH_SKIPPED) {
                bySeq.put(s, new Line(at(tl, s) + k.id() + (k == EventKind.UNTRACKED_WRITE
                        ? ": the device tracker will never report this write"
                        : ": the dirty state went unflushed (the IOTLB still holds it dirty)"), moment(tl, s)));
            }
        }
        addWrites(pm, tl, translations, bySeq);
        addSyncs(tl, upTo, m, frame, bySeq);

        List<Line> out = new ArrayList<>();
        out.add(new Line(String.format("page 0x%x (GPA = IOVA), frame %d: %s", lo, frame, seen > MAX_WRITES
                ? String.format("%,d DMA translations, the last %d traced", seen, MAX_WRITES)
                : String.format("%,d DMA translations", seen)), null));
        out.addAll(bySeq.values());
        out.add(new Line("vCPU writes are not timeline events: the KVM lane and the ground truth show them.", null));
        if (m.lostIovas().contains(lo)) {
            out.add(new Line("LOST on the destination" + m.syncThatLost(lo).map(r -> ": its last write went "
                    + "unrecorded in " + r.label()).orElse(""), LostWriteFinder.momentOf(tl, lo,
                    GuestMemory.PAGE_SIZE).filter(x -> x.seq() <= upTo).orElse(null)));
        }
        return out;
    }

    /** Regenerates the kept translations and their DMA transactions, and lists the writes. */
    private static void addWrites(PausedMachine pm, TimelineIndex tl, Deque<Long> translations,
                                  TreeMap<Long, Line> bySeq) {
        Map<Integer, List<Long>> byStep = new TreeMap<>();
        Map<Long, Long> ownerOf = new TreeMap<>();
        for (long s : translations) {
            long owner = owner(tl, s);
            ownerOf.put(s, owner);
            byStep.computeIfAbsent(tl.stepOf(s), x -> new ArrayList<>()).add(s);
            if (owner >= 0) {
                byStep.computeIfAbsent(tl.stepOf(owner), x -> new ArrayList<>()).add(owner);
            }
        }
        EventRegenerator regen = new EventRegenerator(pm.run().topology(), pm.run().seed());
        Map<Long, TimelineEvent> full = new TreeMap<>();
        for (Map.Entry<Integer, List<Long>> e : byStep.entrySet()) {
            long[] seqs = e.getValue().stream().mapToLong(Long::longValue).sorted().distinct().toArray();
            full.putAll(regen.pick(e.getKey(), tl.firstSeqOfStep(e.getKey()), seqs));
        }
        for (long s : translations) {
            TimelineEvent t = full.get(s);
            TimelineEvent o = full.get(ownerOf.get(s));
            if (t == null || o == null || !(o.event() instanceof DmaAccess dma)) {
                continue; // not regenerated (cannot happen on a deterministic replay): say nothing rather than guess
            }
            if (!dma.write()) {
                continue; // a read does not dirty the page
            }
            String how = t.event() instanceof IotlbHit h
                    ? h.cachedDirty() ? "IOTLB hit, cached dirty: the page table is not written again"
                    : "IOTLB hit, cached clean: the IOMMU sets the PTE's dirty bit"
                    : "IOTLB miss: the IOMMU walks and sets the PTE's dirty bit";
            bySeq.put(s, new Line(String.format("%s%s DMA write of %d bytes at 0x%x: %s", at(tl, s), dma.device(),
                    dma.length(), dma.iova(), how), moment(tl, s)));
        }
    }

    /** The DMA transaction a translation belongs to: the last dma-access before it, or -1. */
    private static long owner(TimelineIndex tl, long seq) {
        for (long s = seq - 1; s >= 0 && s >= seq - OWNER_LOOKBACK; s--) {
            if (tl.kind(s) == EventKind.DMA_ACCESS) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Each synced round of {@code m} as the moment of its union lane (the VMM's sync), with the trackers that read
     * the page there: the m-th migration's union lanes are those after its migration-start event, in round order.
     */
    private static void addSyncs(TimelineIndex tl, long upTo, MigrationLanes m, long frame,
                                 TreeMap<Long, Line> bySeq) {
        List<Long> unionSeqs = new ArrayList<>();
        int starts = -1;
        for (long s = 0; s <= upTo; s++) {
            EventKind k = tl.kind(s);
            if (k == EventKind.MIGRATION_START) {
                starts++;
            } else if (k == EventKind.UNION_LANE && starts == m.ordinal()) {
                unionSeqs.add(s);
            }
        }
        List<String> described = LanesViewModel.describe(m, frame);
        List<LaneRound> synced = m.rounds().stream().filter(r -> !r.pending()).toList();
        for (int i = 0; i < synced.size() && i < unionSeqs.size(); i++) {
            long s = unionSeqs.get(i);
            String line = described.get(1 + m.rounds().indexOf(synced.get(i)));
            bySeq.put(s, new Line(at(tl, s) + "sync " + line, moment(tl, s)));
        }
    }

    private static String at(TimelineIndex tl, long seq) {
        return String.format("t=%,.3f µs · ", tl.timeNs(seq) / 1000.0);
    }

    private static Moment moment(TimelineIndex tl, long seq) {
        return new Moment(tl.stepOf(seq), seq);
    }
}

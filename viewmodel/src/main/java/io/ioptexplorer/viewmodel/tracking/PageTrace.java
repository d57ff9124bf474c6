package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.EventInfo;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A page traced to its causes, in timeline order: the writes that dirtied it, by a device (device, simulated time,
 * IOTLB hit or miss, and on a hit whether the IOTLB already held it dirty, so that the page table was not written
 * again) or by a vCPU (which vCPU, and KVM marking the page in its dirty bitmap or on the vCPU's dirty ring), each
 * sync that read it (which trackers reported it, which missed it; a read clears what it reports), and the events that
 * lost it. Each line carries its moment, so the lanes can move the focus there.
 *
 * <p>Bounded: it walks the compact timeline index backwards from the moment (kind, detail and IOVA per event, no
 * replay, no object per event) and stops at the {@link #MAX_WRITES}-th write or {@link #SCAN_LIMIT} events back,
 * whichever comes first; the header says where it stopped. The syncs come from the index's list of union lanes.
 * A vCPU write is on the timeline only when KVM logged it (the page was clean in its log); later writes to the page
 * before the next clear are seen by neither KVM nor the trace ({@code vcpu-write}). Machine thread only.
 */
public final class PageTrace {
    /** Most writes listed (the latest ones, device DMA and vCPU together). */
    public static final int MAX_WRITES = 12;
    /**
     * Most events walked back from the moment, on any run however long: more than the largest sample the window
     * opens (SMMUv3, 19 M events), about 40 ms of the tight scan here (PageTraceClickHarness).
     */
    public static final long SCAN_LIMIT = 1L << 26;
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
        boolean ring = pm.machine().vcpuLog().mode() == VcpuDirtyLog.Mode.DIRTY_RING;
        TreeMap<Long, Line> bySeq = new TreeMap<>();

        long floor = Math.max(0, upTo + 1 - SCAN_LIMIT);
        int dmaWrites = 0;
        int vcpuWrites = 0;
        long s = tl.previousInIovaRange(upTo + 1, floor, lo, hi);
        for (; s >= 0 && dmaWrites + vcpuWrites < MAX_WRITES; s = tl.previousInIovaRange(s, floor, lo, hi)) {
            EventKind k = tl.kind(s);
            if (k == EventKind.IOTLB_HIT || k == EventKind.IOTLB_MISS) {
                long owner = owner(tl, s);
                if (owner >= 0 && tl.detail(owner) == 1) { // the transaction's write bit: a read dirties nothing
                    bySeq.put(s, dmaWrite(tl, s, k));
                    dmaWrites++;
                }
            } else if (k == EventKind.VCPU_WRITE) {
                bySeq.put(s, vcpuWrite(tl, s, ring));
                vcpuWrites++;
            } else if (k == EventKind.UNTRACKED_WRITE || k == EventKind.DIRTY_FLUSH_SKIPPED) {
                bySeq.put(s, new Line(at(tl, s) + k.id() + (k == EventKind.UNTRACKED_WRITE
                        ? ": the device tracker will never report this write"
                        : ": the dirty state went unflushed (the IOTLB still holds it dirty)"), moment(tl, s)));
            }
        }
        addSyncs(tl, upTo, m, frame, bySeq);

        List<Line> out = new ArrayList<>();
        out.add(new Line(String.format("page 0x%x (GPA = IOVA), frame %d: %s", lo, frame,
                header(tl, dmaWrites, vcpuWrites, s, floor)), null));
        out.addAll(bySeq.values());
        if (m.lostIovas().contains(lo)) {
            out.add(new Line("LOST on the destination" + m.syncThatLost(lo).map(r -> ": its last write went "
                    + "unrecorded in " + r.label()).orElse(""), LostWriteFinder.momentOf(tl, lo,
                    GuestMemory.PAGE_SIZE).filter(x -> x.seq() <= upTo).orElse(null)));
        }
        return out;
    }

    /** What the walk found, and where it stopped when it did not reach the start of the run. */
    private static String header(TimelineIndex tl, int dma, int vcpu, long stoppedAt, long floor) {
        String found = String.format("%d device DMA write%s and %d vCPU write%s KVM logged", dma, dma == 1 ? "" : "s",
                vcpu, vcpu == 1 ? "" : "s");
        if (stoppedAt >= 0) { // the MAX_WRITES-th write was found: older ones are not listed
            return String.format("the last %d writes (%s); the trace stops there, older events are not listed", MAX_WRITES, found);
        }
        if (floor > 0) {
            return String.format("%s in the last %,d events (back to t=%,.3f µs); older events are not searched",
                    found, SCAN_LIMIT, tl.timeNs(floor) / 1000.0);
        }
        return found;
    }

    private static Line dmaWrite(TimelineIndex tl, long s, EventKind k) {
        String how = k == EventKind.IOTLB_HIT
                ? tl.detail(s) == 1 ? "IOTLB hit, cached dirty: the page table is not written again"
                : "IOTLB hit, cached clean: the IOMMU sets the PTE's dirty bit"
                : "IOTLB miss: the IOMMU walks and sets the PTE's dirty bit";
        return new Line(String.format("%s%s DMA write at 0x%x: %s", at(tl, s), tl.subject(s).device(), tl.iova(s),
                how), moment(tl, s));
    }

    private static Line vcpuWrite(TimelineIndex tl, long s, boolean ring) {
        int vcpu = tl.detail(s);
        String who = vcpu == EventInfo.MAX_DETAIL ? "vCPU " + vcpu + " or above" : "vCPU " + vcpu;
        return new Line(String.format("%s%s write at GPA 0x%x: KVM marks the page dirty %s (mark_page_dirty_in_slot);"
                + " it sees no later write before the next clear", at(tl, s), who, tl.iova(s),
                ring ? "on the vCPU's dirty ring" : "in the memslot's dirty bitmap"), moment(tl, s));
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
        long[] starts = tl.seqsOf(EventKind.MIGRATION_START);
        if (m.ordinal() >= starts.length || starts[m.ordinal()] > upTo) {
            return;
        }
        long from = starts[m.ordinal()];
        long to = m.ordinal() + 1 < starts.length ? Math.min(upTo, starts[m.ordinal() + 1]) : upTo;
        List<Long> unionSeqs = new ArrayList<>();
        for (long u : tl.seqsOf(EventKind.UNION_LANE)) {
            if (u > from && u <= to) {
                unionSeqs.add(u);
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

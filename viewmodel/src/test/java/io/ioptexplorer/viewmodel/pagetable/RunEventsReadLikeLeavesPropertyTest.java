package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.Access;
import io.ioptexplorer.hardware.pagetable.DirtyFlags;
import io.ioptexplorer.hardware.pagetable.DirtyRecorder;
import io.ioptexplorer.hardware.pagetable.EntryWrites;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Map and unmap emit one event per run of leaves a pass writes in one table page. Whatever reads the timeline must
 * read such a run as it read the one {@code leaf-mapped} plus one {@code entry-updated} per entry that the engine
 * emitted before: random map, unmap, DMA, dirty-read, split and collapse sequences on every format (AMD replicated
 * leaves, ranges that start or end inside large leaves included) are indexed once as emitted and once with every
 * run spelled out leaf by leaf, and every entry ever written has the same history in both (each history line
 * mapped to the run it came from), with and without the full records; the entries changed between two moments are
 * the same too.
 */
class RunEventsReadLikeLeavesPropertyTest {
    private static final List<PageTableFormat> FORMATS = PageTableFormats.all();
    private static final EventScope SCOPE = new EventScope("u0", 1);

    record Op(int kind, int start, int pages, int c) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9),
            Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 1000)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(14);
    }

    @Provide
    Arbitrary<Integer> format() {
        return Arbitraries.integers().between(0, FORMATS.size() - 1);
    }

    @Property(tries = 300)
    void everyEntryHasTheSameHistoryAndChangesAsWithPerLeafEvents(@ForAll("ops") List<Op> ops,
                                                                  @ForAll("format") int formatIndex) {
        PageTableFormat fmt = FORMATS.get(formatIndex);
        List<TimelineEvent> runs = run(fmt, ops);
        List<Long> source = new ArrayList<>();
        List<TimelineEvent> leaves = perLeaf(fmt, runs, source);
        TimelineIndex runIndex = index(runs);
        TimelineIndex leafIndex = index(leaves);

        Set<PtRow> entries = new LinkedHashSet<>();
        for (TimelineEvent e : runs) {
            EntryWrites.forEach(fmt, e.event(), (table, i, iova, old, now) -> entries.add(row(table, i, iova)));
        }
        long last = runs.size() - 1;
        List<PtRow> all = new ArrayList<>(entries);
        int stride = Math.max(1, all.size() / 48); // every entry of a few hundred costs minutes: a spread of them
        for (int e = 0; e < all.size(); e += stride) {
            PtRow entry = all.get(e);
            for (boolean records : new boolean[] {true, false}) {
                List<Long> want = EntryHistory.of(runIndex, last, 1, entry, recent(runs, records)).stream()
                    .map(EntryWrite::seq).toList();
                List<EntryWrite> perLeaf = EntryHistory.of(leafIndex, leaves.size() - 1, 1, entry,
                    recent(leaves, records));
                List<Long> got = new ArrayList<>();
                for (EntryWrite w : perLeaf) {
                    long from = source.get((int) w.seq());
                    if (got.isEmpty() || got.get(got.size() - 1) != from) {
                        got.add(from);
                    }
                }
                if (perLeaf.size() < EntryHistory.MAX) {
                    assertThat(want).as("history of %s (records %s)", entry, records).isEqualTo(got);
                } else {
                    assertThat(want.subList(0, got.size())).as("history of %s (records %s)", entry, records)
                        .isEqualTo(got);
                }
            }
        }
        for (long from = -1; from < last; from += Math.max(1, runs.size() / 5)) {
            long leafFrom = lastOf(source, from);
            assertThat(EntryChanges.between(runIndex, from, last, 1, fmt, recent(runs, true)))
                .as("entries changed after %d", from)
                .isEqualTo(EntryChanges.between(leafIndex, leafFrom, leaves.size() - 1, 1, fmt,
                    recent(leaves, true)));
        }
    }

    /** The random operations on a table of {@code fmt}, their events on a timeline (one step per operation). */
    private static List<TimelineEvent> run(PageTableFormat fmt, List<Op> ops) {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), log);
        long g = fmt.granule();
        long big = 1L << fmt.itemShift(1);
        long base = 4 * big;
        int bigPages = (int) (big / g);
        int n = 2 * bigPages;
        List<TimelineEvent> out = new ArrayList<>();
        int step = 0;
        for (Op op : ops) {
            int start = op.start() % 3 == 0 ? (op.start() / 3 % 2) * bigPages : op.start() % n;
            int pages = switch (op.pages() % 4) {
                case 0 -> bigPages * (1 + op.pages() / 4 % 2);
                case 1 -> 1 + op.pages() / 4 % 8;
                default -> 1 + op.pages() / 4 % n;
            };
            pages = Math.max(1, Math.min(pages, n - start));
            long iova = base + start * g;
            long len = pages * g;
            try {
                switch (op.kind()) {
                    case 0, 1, 2 -> pt.map(iova, (1L << 40) + start * g, len,
                        op.c() % 2 == 0 ? Prot.READ : Prot.READ | Prot.WRITE, op.c() % 3 == 0 ? g : -1L);
                    case 3 -> pt.unmap(iova, len);
                    case 4 -> pt.translate(iova, Access.READ);
                    case 5, 6 -> pt.translate(iova, Access.WRITE);
                    case 7 -> pt.split(iova, len, g);
                    case 8 -> pt.collapse(iova, len);
                    default -> pt.readAndClearDirty(iova, len, op.c() % 2 == 0 ? DirtyFlags.NO_CLEAR : 0,
                        DirtyRecorder.NONE);
                }
            } catch (ErrnoException refused) {
                // a refused operation writes nothing
            }
            for (SimEvent e : log.events()) {
                out.add(new TimelineEvent(out.size(), step, step, e, SCOPE));
            }
            log.clear();
            step++;
        }
        return out;
    }

    /**
     * The same timeline as the engine emitted it before runs: per leaf of a run, one {@code entry-updated} per slot
     * then the leaf's own {@code leaf-mapped} or {@code leaf-unmapped}. {@code source} gets each new event's run seq.
     */
    private static List<TimelineEvent> perLeaf(PageTableFormat fmt, List<TimelineEvent> runs, List<Long> source) {
        List<TimelineEvent> out = new ArrayList<>();
        for (TimelineEvent t : runs) {
            List<SimEvent> spelled = new ArrayList<>();
            if (t.event() instanceof LeafMapped m) {
                int r = EntryWrites.slots(fmt, m.level(), m.size(), 1);
                for (int k = 0; k < m.count(); k++) {
                    int first = k * r;
                    for (int j = first; j < first + r; j++) {
                        spelled.add(new EntryUpdated(m.tableAddr(), m.index() + j, 0,
                            EntryWrites.slotValue(fmt, m.level(), m.size(), m.entry(), j), UpdateReason.MAP,
                            m.iova() + ((long) j << fmt.itemShift(m.level()))));
                    }
                    spelled.add(new LeafMapped(m.iova() + k * m.size(), m.size(), 1, m.physAddr() + k * m.size(),
                        m.prot(), m.level(), m.tableAddr(), m.index() + first,
                        EntryWrites.slotValue(fmt, m.level(), m.size(), m.entry(), first)));
                }
            } else if (t.event() instanceof LeafUnmapped u) {
                int r = EntryWrites.slots(fmt, u.level(), u.size(), 1);
                for (int k = 0; k < u.count(); k++) {
                    int first = k * r;
                    for (int j = first; j < first + r; j++) {
                        long old = u.oldReplicas().isEmpty()
                            ? EntryWrites.slotValue(fmt, u.level(), u.size(), u.oldEntry(), j) : u.oldReplicas().get(j);
                        spelled.add(new EntryUpdated(u.tableAddr(), u.index() + j, old, 0, UpdateReason.UNMAP,
                            u.iova() + ((long) j << fmt.itemShift(u.level()))));
                    }
                    spelled.add(u.count() == 1 ? u : new LeafUnmapped(u.iova() + k * u.size(), u.size(), 1,
                        u.physAddr() + k * u.size(), u.level(), u.dirty(), u.tableAddr(), u.index() + first,
                        EntryWrites.slotValue(fmt, u.level(), u.size(), u.oldEntry(), first), List.of()));
                }
            } else {
                spelled.add(t.event());
            }
            for (SimEvent e : spelled) {
                out.add(new TimelineEvent(out.size(), t.step(), t.timeNs(), e, t.scope()));
                source.add(t.seq());
            }
        }
        return out;
    }

    private static TimelineIndex index(List<TimelineEvent> events) {
        TimelineIndex index = new TimelineIndex();
        events.forEach(index::onEvent);
        return index;
    }

    private static LongFunction<Optional<TimelineEvent>> recent(List<TimelineEvent> events, boolean kept) {
        return seq -> kept && seq >= 0 && seq < events.size() ? Optional.of(events.get((int) seq))
            : Optional.empty();
    }

    private static PtRow row(long table, int index, long iova) {
        return new PtRow(PtRow.Kind.LEAVES, 0, table, index, index, iova, iova, 0, 1, 0, 0, 0, false, false, "");
    }

    /** The last per-leaf seq that came from run seq {@code seq} or before (-1 before the first). */
    private static long lastOf(List<Long> source, long seq) {
        long out = -1;
        for (int i = 0; i < source.size() && source.get(i) <= seq; i++) {
            out = i;
        }
        return out;
    }
}

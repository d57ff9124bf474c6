package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.DirtyMechanism;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.IovaMapCapture;
import io.ioptexplorer.hardware.inspect.MachineInspect;
import io.ioptexplorer.hardware.inspect.MachineInspect.HwptInfo;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.RadixFolding;
import io.ioptexplorer.hardware.inspect.SameMapping;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.hardware.timeline.EventCatalog;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.Selection;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The page-table window's state: the HWPT shown, its folded root rows, the walk to highlight, the IOVA map and its
 * viewport, every IOTLB, and the selected entry's detail. All of it is captured on the simulation thread through a
 * {@link MachineReader} and published here as immutable records; tree expansion asks for one table's rows at a time.
 */
public final class PageTableViewModel {
    /** Map size in cells (the view scales it): 128 × 128 buckets, 4 MiB each for a 64 GiB guest. */
    public static final int MAP_COLUMNS = 128;
    public static final int MAP_ROWS = 128;

    private final MachineReader reader;
    private final ReadOnlyObjectWrapper<PageTableSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<EntryDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Integer> chosenHwpt = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObservableList<IotlbPoint> iotlbHistory = FXCollections.observableArrayList();
    private MapViewport viewport;
    /** Whether the user zoomed or panned: until then the map follows the default view as mappings appear. */
    private boolean viewportChosen;
    private WalkTrace found;
    private Focus focus;
    /** The event seq of the moment shown last, so the next capture knows which events came in between. */
    private long shownSeq = Long.MIN_VALUE;
    /**
     * The seq of the last moment shown that the machine stood at. A moment it stands at is compared with that one,
     * not with the frame shown last: after a run to a later step, the Changed column marks what the whole run
     * changed, whatever frames happened to be drawn on the way (before, it marked only the changes since the last
     * frame, which differed from run to run with the frames' timing).
     */
    private long restSeq = Long.MIN_VALUE;
    /** The IOVA of each entry this view put in the shared selection, to find it again on back/forward. */
    private final Map<Selection.Entry, Long> entryIovas = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Selection.Entry, Long> eldest) {
            return size() > 256;
        }
    };
    private int moment;
    /**
     * The rows read at one moment, by key: their signature, raw value and flags, to mark what changed. Rows read
     * later at the same moment (an opened table) are added to it.
     */
    private record RowsSeen(Map<String, Long> signatures, Map<String, Long> raws, Map<String, String> flags) {
        RowsSeen() {
            this(new HashMap<>(), new HashMap<>(), new HashMap<>());
        }
    }

    /** The rows at the previous and at the current moment. */
    private RowsSeen previous = new RowsSeen();
    private RowsSeen current = new RowsSeen();
    /** The rows at {@link #restSeq}: the baseline of the next moment the machine stands at. */
    private RowsSeen rest = new RowsSeen();

    public PageTableViewModel(MachineReader reader) {
        this.reader = reader;
    }

    // ---- reading the machine

    /** The seq of the moment the find was made at: it answers for that moment only. */
    private long foundAtSeq = Long.MIN_VALUE;

    /** Re-reads everything at the machine's current moment (call when the moment changes). */
    public CompletableFuture<PageTableSnapshot> refresh() {
        return refresh(true);
    }

    private CompletableFuture<PageTableSnapshot> inFlight;
    private boolean pending;

    /**
     * Like {@link #refresh()}, but while one read is in flight further calls are folded into one read after it: a
     * machine playing at full speed publishes every frame, and the tables are read at most once per answer.
     */
    public void refreshCoalesced() {
        if (inFlight != null && !inFlight.isDone()) {
            pending = true;
            return;
        }
        inFlight = refresh(true);
        inFlight.whenComplete((s, e) -> {
            if (pending) {
                pending = false;
                refreshCoalesced();
            }
        });
    }

    private CompletableFuture<PageTableSnapshot> refresh(boolean newMoment) {
        Integer want = chosenHwpt.get();
        MapViewport vp = viewportChosen ? viewport : null;
        WalkTrace find = found;
        long findSeq = foundAtSeq;
        long sinceShown = newMoment ? shownSeq : Long.MIN_VALUE;
        long sinceRest = newMoment ? restSeq : Long.MIN_VALUE;
        boolean[] standing = {true}; // written on the machine thread; read after the answer arrives
        PinBaseline pin = baseline.get();
        // A find answers for the moment it was made at: at another, the tree shows that moment's own walk, entry
        // written or IOTLB hit (under Xvfb a find kept showing its walk while F7 stepped through a split), and, at a
        // moment with none, keeps the found row selected.
        return reader.query(pm -> {
            standing[0] = !pm.running();
            return capture(pm, want, vp, find != null && pm.moment().seq() == findSeq ? find : null,
                standing[0] ? sinceRest : sinceShown, pin);
        }).thenCompose(s -> {
            if (find != null && find == found && s.seq() != findSeq) {
                found = null;
            }
            if (find != found || pin != baseline.get()) {
                // A find or a comparison landed while this read was in flight: its answer would show the walk or the
                // differences the user just replaced (and under load it overwrote a find's walk: the tree then
                // revealed the last DMA's entry instead). Read again with what holds now.
                return refresh(newMoment);
            }
            return CompletableFuture.completedFuture(publish(s, newMoment, standing[0]));
        }).exceptionally(e -> {
            message.set("Could not read the page table: " + rootMessage(e));
            return null;
        });
    }

    /**
     * Shows a snapshot just read (on the UI thread): the moment's bookkeeping, then the snapshot and the detail.
     * {@code standing}: the machine stands at this moment (it was compared with the last such moment).
     */
    private PageTableSnapshot publish(PageTableSnapshot s, boolean newMoment, boolean standing) {
        PageTableSnapshot last = snapshot.get();
        if (newMoment && (last == null || !last.machineMoment().equals(s.machineMoment()))) {
            moment++;
            previous = standing ? rest : current;
            current = new RowsSeen();
            if (standing) {
                rest = current; // the same rows, which rows read later at this moment keep filling
                restSeq = s.seq();
            }
            shownSeq = s.seq();
            // A rewind: the chart keeps only the points before the moment now shown.
            long at = s.seq();
            iotlbHistory.removeIf(p -> p.seq() >= at);
            for (IotlbSnapshot t : s.iotlbs()) {
                iotlbHistory.add(new IotlbPoint(s.seq(), t.unitId(), t.stats().hits(), t.stats().misses(),
                    t.stats().entriesInvalidated()));
            }
        } else if (last != null && newMoment) {
            s = s.sinceAs(last);
        }
        viewport = s.viewport();
        remember(s.rootRows());
        snapshot.set(s);
        message.set("");
        PtRow sel = detail.get() == null ? null : detail.get().row();
        if (sel != null && s.hwpt() != null) {
            reselect(sel);
        } else {
            detail.set(null);
        }
        return s;
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * Runs on the machine thread.
     *
     * @param want  the HWPT the user chose, null to follow the focus (the selection's HWPT, else the HWPT of the
     *              event paused inside, else the newest)
     * @param since the event seq shown before, {@code Long.MIN_VALUE} when this is not a new moment
     * @param pin   the pinned moment to compare the map with, or null
     */
    static PageTableSnapshot capture(PausedMachine pm, Integer want, MapViewport vp, WalkTrace find, long since,
                                     PinBaseline pin) {
        ScenarioRun run = pm.run();
        Machine m = run.machine();
        List<HwptInfo> hwpts = MachineInspect.hwpts(m);
        int step = run.nextIndex() - 1;
        String op = step < 0 ? "" : run.topology().steps().get(step).op();
        Integer pick = want != null ? want : hwptInFocus(pm);
        HwptInfo h = hwpts.stream().filter(x -> pick != null && x.id() == pick).findFirst()
            .orElse(hwpts.isEmpty() ? null : hwpts.get(hwpts.size() - 1));
        List<IotlbSnapshot> iotlbs = MachineInspect.iotlbs(m);
        long seq = pm.moment().seq();
        PageTableSnapshot.Inside inside = pm.event().map(e -> insideOf(run, e)).orElse(null);
        IotlbActivity activity = since == Long.MIN_VALUE ? IotlbActivity.NONE
            : IotlbActivity.between(pm.timeline(), since, seq, pm::recentEvent);
        String moment = momentOf(run, seq);
        if (h == null) {
            return new PageTableSnapshot(hwpts, null, "", 12, List.of(), null, null, vp, iotlbs, step, op, moment,
                seq, inside, false, activity, EntryChanges.UNKNOWN, null, null, null);
        }
        IoPageTable pt = MachineInspect.pageTable(m, h.id());
        RadixFolding folding = new RadixFolding(pt);
        WalkTrace walk;
        boolean live = false;
        if (find != null) {
            walk = WalkTrace.of(pt, find.iova());
        } else if (inside != null) {
            walk = WalkInProgress.upTo(inside.seq(), h.id(), pt.format(), pm::recentEvent).orElse(null);
            live = walk != null;
        } else {
            walk = lastDmaWalk(run, pt, step);
        }
        MapViewport v = vp != null && vp.bucketShift() >= pt.format().granuleShift() ? vp
            : defaultViewport(pt, folding);
        // One descent draws the map and, while a pin is compared, marks what differs from it.
        IovaMapCapture.Compared map = pin == null
            ? new IovaMapCapture.Compared(IovaMapCapture.capture(pt, v.firstIova(), v.bucketShift(), v.buckets()), null)
            : IovaMapCapture.captureComparing(pt, v.firstIova(), v.bucketShift(), v.buckets(), pin.leavesOf(h.id()));
        return new PageTableSnapshot(hwpts, h, pt.format().name(), pt.format().granuleShift(), folding.rootRows(), walk,
            map.map(), v, iotlbs, step, op, moment, seq, inside, live, activity, since == Long.MIN_VALUE
                ? EntryChanges.UNKNOWN : EntryChanges.between(pm.timeline(), since, seq, h.id(), pt.format(),
                    pm::recentEvent),
            map.differences(), pm.event().filter(e -> e.scope().hwpt() == h.id())
                .flatMap(e -> WrittenEntry.of(e.event(), pt)).orElse(null),
            // A hit names its HWPT among its fields: the one shown is it when the tab follows the focus.
            pm.event().filter(e -> EventCatalog.subject(e.event(), e.scope()).hwpt() == h.id())
                .flatMap(e -> CachedHit.of(e.event(), pt, iotlbs)).orElse(null));
    }

    private static PageTableSnapshot.Inside insideOf(ScenarioRun run, TimelineEvent e) {
        String op = e.step() >= 0 && e.step() < run.topology().steps().size()
            ? run.topology().steps().get(e.step()).op() : "";
        return new PageTableSnapshot.Inside(e.seq(), e.step(), op, e.kind().id(), e.info().text(),
            e.scope().hwpt());
    }

    /** The HWPT the shared selection names, else the HWPT of the event the machine is paused inside, else null. */
    private static Integer hwptInFocus(PausedMachine pm) {
        Selection s = pm.selection();
        int id = s instanceof Selection.Hwpt x ? x.hwptId() : s instanceof Selection.Entry x ? x.hwptId()
            : s instanceof Selection.Iova x ? x.hwptId() : -1;
        if (id < 0) {
            // The event's subject, not only its scope: a page table's events carry their HWPT in their scope, but a
            // DMA access or an IOTLB hit names it among its own fields (the log's subject column reads the same).
            id = pm.event().map(e -> EventCatalog.subject(e.event(), e.scope()).hwpt()).orElse(-1);
        }
        return id < 0 ? null : id;
    }

    private static String momentOf(ScenarioRun run, long seq) {
        Machine m = run.machine();
        return run.nextIndex() + ":" + m.clock().now() + ":" + m.tablePool().allocatedPages() + ":"
            + m.tablePool().freedPages() + ":" + seq;
    }

    private static WalkTrace lastDmaWalk(ScenarioRun run, IoPageTable pt, int step) {
        if (step >= 0 && run.topology().steps().get(step).args() instanceof StepArgs.Dma d) {
            return WalkTrace.of(pt, d.iova());
        }
        return null;
    }

    /**
     * From 0 to the end of the highest mapping, rounded up so the whole of it fits the map. When that would take
     * a coarser cell than zooming allows (a mapping near the top of the u64 space), the map starts instead at the
     * highest run of leaves, so it is in view. IOVAs compare unsigned.
     */
    static MapViewport defaultViewport(IoPageTable pt, RadixFolding folding) {
        PtRow top = highestMapped(folding, folding.rootRows());
        int buckets = MAP_COLUMNS * MAP_ROWS;
        int bucketBits = Integer.numberOfTrailingZeros(buckets);
        int min = pt.format().granuleShift();
        int max = 62 - bucketBits;
        if (top == null) {
            return new MapViewport(0, min, MAP_COLUMNS, MAP_ROWS);
        }
        int shift = shiftToCover(top.lastIova(), bucketBits, min);
        if (shift <= max) {
            return new MapViewport(0, shift, MAP_COLUMNS, MAP_ROWS);
        }
        int s = shiftToCover(top.lastIova() - top.firstIova(), bucketBits, min);
        long first = top.firstIova() & -(1L << (bucketBits + s));
        while (Long.compareUnsigned(first + ((1L << (bucketBits + s)) - 1), top.lastIova()) < 0 && s < max) {
            s++; // the aligned window must still reach the run's last byte
            first = top.firstIova() & -(1L << (bucketBits + s));
        }
        return new MapViewport(first, s, MAP_COLUMNS, MAP_ROWS);
    }

    /** The least cell shift (at least {@code min}) whose map of 2^bucketBits cells spans 0..{@code last}. */
    private static int shiftToCover(long last, int bucketBits, int min) {
        int s = min;
        while (bucketBits + s < 64 && Long.compareUnsigned((1L << (bucketBits + s)) - 1, last) < 0) {
            s++;
        }
        return s;
    }

    /** The last run of leaves, in IOVA order, or null when nothing is mapped. */
    private static PtRow highestMapped(RadixFolding folding, List<PtRow> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            PtRow r = rows.get(i);
            if (r.kind() == PtRow.Kind.LEAVES) {
                return r;
            }
            if (r.kind() == PtRow.Kind.TABLE) {
                PtRow below = highestMapped(folding, folding.expand(r));
                if (below != null) {
                    return below;
                }
            }
        }
        return null;
    }

    /** The rows one level below {@code row}, read at the current moment. */
    public CompletableFuture<List<PtRow>> expand(PtRow row) {
        PageTableSnapshot s = snapshot.get();
        if (s == null || s.hwpt() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        int id = s.hwpt().id();
        return reader.query(pm -> new RadixFolding(MachineInspect.pageTable(pm.machine(), id)).expand(row))
            .thenApply(rows -> {
                remember(rows);
                return rows;
            });
    }

    private void remember(List<PtRow> rows) {
        for (PtRow r : rows) {
            current.signatures().put(key(r), signature(r));
            current.raws().put(key(r), r.raw());
            current.flags().put(key(r), r.flags());
        }
    }

    /** A row's position; a run of leaves also by its length, so it never shares a key with its first leaf. */
    static String key(PtRow r) {
        String k = r.kind() + ":" + r.level() + ":" + Long.toHexString(r.firstIova());
        return r.kind() == PtRow.Kind.LEAVES && r.count() > 1 ? k + "x" + r.count() : k;
    }

    static long signature(PtRow r) {
        return r.raw() * 31 + r.lastIova() * 17 + r.count() + (r.dirty() ? 7 : 0) + (r.accessed() ? 3 : 0)
            + r.flags().hashCode();
    }

    /**
     * What changed in the row since the previous moment, compactly, in the format's own field names: "+D", "−A",
     * "new 2 MiB", "split → table", "cleared" ({@link ChangeText}), or "" when nothing did (read from the one-bit fields the folding names in {@code flags}).
     */
    public String changeText(PtRow r) {
        if (!changed(r)) {
            return "";
        }
        if (baseline.get() != null) {
            return "since pin"; // measured against the pinned moment, not field by field
        }
        PageTableSnapshot s = snapshot.get();
        if (s != null && s.changes().complete()) {
            return ChangeText.of(PageTableFormats.byName(s.format()), r, s.changes());
        }
        String before = previous.flags().get(key(r));
        if (before == null) {
            return "new";
        }
        java.util.Set<String> was = java.util.Set.of(before.isBlank() ? new String[0] : before.trim().split("\\s+"));
        java.util.Set<String> now = java.util.Set.of(r.flags().isBlank() ? new String[0] : r.flags().trim().split("\\s+"));
        StringBuilder b = new StringBuilder();
        now.stream().filter(f -> !was.contains(f)).sorted().forEach(f -> b.append(b.isEmpty() ? "" : " ").append("+").append(f));
        was.stream().filter(f -> !now.contains(f)).sorted().forEach(f -> b.append(b.isEmpty() ? "" : " ").append("−").append(f));
        return b.isEmpty() ? "changed" : b.toString();
    }

    /**
     * {@link #changeText} whole, for the row's tooltip: "empty → 4 KiB leaf, 512 entries" where the column says
     * "new 4 KiB ×512".
     */
    public String changeWhole(PtRow r) {
        PageTableSnapshot s = snapshot.get();
        if (baseline.get() == null && s != null && s.changes().complete() && changed(r)) {
            return ChangeText.whole(PageTableFormats.byName(s.format()), r, s.changes());
        }
        return changeText(r);
    }

    /**
     * Whether the row differs from the row with the same position at the previous moment (or is new there); while a
     * pinned moment is compared ({@link #compareWith}), from the row at the pinned moment instead.
     */
    public boolean changed(PtRow r) {
        PinBaseline pin = baseline.get();
        PageTableSnapshot s = snapshot.get();
        if (pin != null && s != null && s.hwpt() != null) {
            Map<String, Long> then = pin.rows().getOrDefault(s.hwpt().id(), Map.of());
            Long before = then.get(key(r));
            if (before == null) {
                return pin.complete() && r.kind() != PtRow.Kind.EMPTY;
            }
            return before != signature(r);
        }
        if (s != null && s.changes().complete()) {
            return ChangeText.changedEntries(r, s.changes()) > 0;
        }
        if (previous.signatures().isEmpty()) {
            return false;
        }
        Long before = previous.signatures().get(key(r));
        return before == null ? r.kind() != PtRow.Kind.EMPTY : before != signature(r);
    }

    // ---- comparing with a pinned moment (the highlight hook of Compare → the pinned moment with now)

    private final ReadOnlyObjectWrapper<PinBaseline> baseline = new ReadOnlyObjectWrapper<>();

    /**
     * Marks changes against {@code pin} rather than the previous moment, until {@code null} is given: the tree tints
     * the rows that differ from the pinned moment, the inspector marks the bits set and cleared since then, the
     * IOTLB view outlines the lines that differ, and the IOVA map outlines the cells whose pages differ
     * ({@link PageTableSnapshot#sincePin()}). The views redraw from a fresh read.
     */
    public void compareWith(PinBaseline pin) {
        baseline.set(pin);
        refresh(false);
    }

    /** The pinned moment changes are measured from, or null for the previous moment. */
    public ReadOnlyObjectProperty<PinBaseline> baselineProperty() {
        return baseline.getReadOnlyProperty();
    }

    /** The IOTLB of unit {@code unitId} at the pinned moment, when one is compared and had that unit. */
    public java.util.Optional<IotlbSnapshot> pinnedIotlb(String unitId) {
        PinBaseline pin = baseline.get();
        return pin == null ? java.util.Optional.empty()
            : pin.iotlbs().stream().filter(t -> t.unitId().equals(unitId)).findFirst();
    }

    /** The raw entry the inspector compares {@code row} with: at the pinned moment if one is compared. */
    private long rawBefore(PtRow row) {
        PinBaseline pin = baseline.get();
        PageTableSnapshot s = snapshot.get();
        if (pin != null && s != null && s.hwpt() != null) {
            return pin.raws().getOrDefault(s.hwpt().id(), Map.of()).getOrDefault(key(row), row.raw());
        }
        return previous.raws().getOrDefault(key(row), row.raw());
    }

    // ---- choosing and selecting

    public void chooseHwpt(int id) {
        chosenHwpt.set(id);
        viewport = null;
        viewportChosen = false;
        found = null;
        detail.set(null);
        refresh(false);
    }

    /** The user selects a row: it becomes the shared selection, and the inspector reads its entry's detail. */
    public CompletableFuture<EntryDetail> select(PtRow row) {
        return select(row, true);
    }

    /** Makes {@code row}'s entry the shared selection (the user picked it: a click or a key in the tree). */
    public void share(PtRow row) {
        PageTableSnapshot s = snapshot.get();
        if (focus == null || row == null || row.level() < 0 || s == null || s.hwpt() == null) {
            return;
        }
        Selection.Entry e = new Selection.Entry(s.hwpt().id(), row.tablePa(), row.firstIndex());
        entryIovas.put(e, row.firstIova());
        focus.select(e);
    }

    /**
     * Selects a row; the inspector reads its entry's detail on the machine thread.
     *
     * @param share whether the row becomes the shared selection (false when the tree follows a selection made
     *              elsewhere, so back and forward keep their history)
     */
    public CompletableFuture<EntryDetail> select(PtRow row, boolean share) {
        PageTableSnapshot s = snapshot.get();
        if (row == null || s == null || s.hwpt() == null) {
            detail.set(null);
            return CompletableFuture.completedFuture(null);
        }
        EntryChanges.Change c = s.changes().of(row.tablePa(), row.firstIndex());
        long before = baseline.get() != null ? rawBefore(row) : c != null ? c.before()
            : s.changes().complete() ? row.raw() : previous.raws().getOrDefault(key(row), row.raw());
        int id = s.hwpt().id();
        if (share) {
            share(row);
        }
        return reader.query(pm -> detailOf(pm, id, row, before)).thenApply(d -> {
            detail.set(d);
            return d;
        });
    }

    private void reselect(PtRow old) {
        PageTableSnapshot s = snapshot.get();
        int id = s.hwpt().id();
        long before = baseline.get() != null ? rawBefore(old) : old.raw();
        reader.query(pm -> {
            IoPageTable pt = MachineInspect.pageTable(pm.machine(), id);
            PtRow now = rowAt(pt, old);
            return now == null ? null : detailOf(pm, id, now, before);
        }).thenAccept(detail::set);
    }

    /** The row at the same position as {@code old} at the current moment (its table may be gone). */
    private static PtRow rowAt(IoPageTable pt, PtRow old) {
        WalkTrace w = WalkTrace.of(pt, old.firstIova());
        for (var l : w.levels()) {
            if (l.level() == old.level()) {
                long span = 1L << pt.format().itemShift(l.level());
                int kind = l.kind();
                PtRow.Kind k = kind == PageTableFormat.TABLE ? PtRow.Kind.TABLE : kind == PageTableFormat.LEAF
                    ? PtRow.Kind.LEAVES : PtRow.Kind.EMPTY;
                if (k == PtRow.Kind.LEAVES) {
                    return leafRow(pt, l.tablePa(), l.level(), old.firstIova());
                }
                return new PtRow(k, l.level(), l.tablePa(), l.index(), l.index(), old.firstIova() & -span,
                    (old.firstIova() & -span) + span - 1, 0, 1, l.raw(), k == PtRow.Kind.TABLE
                    ? pt.format().tablePa(l.raw()) : 0, 0, false, false, "");
            }
        }
        return null;
    }

    private static PtRow leafRow(IoPageTable pt, long tablePa, int level, long iova) {
        RadixFolding f = new RadixFolding(pt);
        long span = 1L << pt.format().itemShift(level);
        int index = (int) (iova >>> pt.format().itemShift(level)) & (pt.format().tableEntries() - 1);
        long base = (iova & -span) - ((long) index << pt.format().itemShift(level));
        PtRow probe = new PtRow(PtRow.Kind.LEAVES, level, tablePa, 0, pt.format().tableEntries() - 1, base,
            base + ((long) pt.format().tableEntries() << pt.format().itemShift(level)) - 1, 0, 2, 0, 0, 0, false,
            false, "");
        for (PtRow r : f.expand(probe)) {
            if (r.kind() == PtRow.Kind.LEAVES && Long.compareUnsigned(r.firstIova(), iova) <= 0
                && Long.compareUnsigned(iova, r.lastIova()) <= 0) {
                return r;
            }
        }
        return null;
    }

    static EntryDetail detailOf(PausedMachine pm, int hwptId, PtRow row, long previousRaw) {
        ScenarioRun run = pm.run();
        IoPageTable pt = MachineInspect.pageTable(run.machine(), hwptId);
        PageTableFormat fmt = pt.format();
        List<IotlbLine> cached = new ArrayList<>();
        if (row.kind() == PtRow.Kind.LEAVES) {
            for (IotlbSnapshot t : MachineInspect.iotlbs(run.machine())) {
                for (IotlbLine l : t.lines()) {
                    if (l.hwptId() == hwptId && Long.compareUnsigned(l.leafIova(), row.firstIova()) >= 0
                        && Long.compareUnsigned(l.leafIova(), row.firstIova() + row.leafSize() - 1) <= 0) {
                        cached.add(l);
                    }
                }
            }
        }
        boolean leaf = row.kind() == PtRow.Kind.LEAVES;
        return new EntryDetail(fmt.name(), row, fmt.decode(row.raw(), row.level()), previousRaw,
            leaf ? DirtyMechanism.describe(fmt, row.raw(), row.level()) : "", cached,
            leaf ? SameMapping.encode(row.outputAddress(), row.leafSize(), row.prot(), row.accessed(), row.dirty())
                : List.of(), EntryHistory.of(pm.timeline(), pm.moment().seq(), hwptId, row, pm::recentEvent));
    }

    /**
     * Find by IOVA: parses {@code text} (decimal or 0x hex), walks it, and highlights that walk; the tree expands
     * the path. A text that is not a number leaves everything as it was and says why.
     */
    public CompletableFuture<WalkTrace> find(String text) {
        long iova;
        try {
            iova = Units.parseIova(text.trim()); // a u64: 0xffffffffffe00000 is a legal IOVA
        } catch (IllegalArgumentException e) {
            message.set("Find: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        PageTableSnapshot s = snapshot.get();
        if (s == null || s.hwpt() == null) {
            message.set("Find: no page table to search at this moment");
            return CompletableFuture.completedFuture(null);
        }
        int id = s.hwpt().id();
        long[] at = new long[1];
        return reader.query(pm -> {
            at[0] = pm.moment().seq();
            return WalkTrace.of(MachineInspect.pageTable(pm.machine(), id), iova);
        }).thenApply(w -> {
            found = w;
            foundAtSeq = at[0];
            // The snapshot shown now, not the one of the moment asked in: a read may have landed in between, and
            // showing the older one again would step the window back.
            PageTableSnapshot shown = snapshot.get();
            snapshot.set((shown != null && shown.hwpt() != null && shown.hwpt().id() == id ? shown : s).withWalk(w));
            message.set(w.reachedLeaf() ? "" : "Find: " + w.stoppedWhy());
            return w;
        });
    }

    // ---- the shared focus

    /**
     * Follows the shared focus: an IOVA or entry selected anywhere (an event, a bitmap page, an IOTLB line, back and
     * forward) is walked and selected here, a HWPT selected elsewhere is shown; an entry selected here becomes the
     * shared selection.
     */
    public void follow(Focus f) {
        this.focus = f;
        f.selectionProperty().addListener((o, was, sel) -> onSelection(sel));
    }

    /** What {@link #onSelection} asks the tree to reveal: the walk of the selected IOVA. */
    private final ReadOnlyObjectWrapper<WalkTrace> reveal = new ReadOnlyObjectWrapper<>();

    public ReadOnlyObjectProperty<WalkTrace> revealProperty() {
        return reveal.getReadOnlyProperty();
    }

    private void onSelection(Selection sel) {
        PageTableSnapshot s = snapshot.get();
        if (sel instanceof Selection.None) {
            chosenHwpt.set(null); // a new scenario: follow the focus again
        } else if (sel instanceof Selection.Hwpt x) {
            if (s == null || s.hwpt() == null || s.hwpt().id() != x.hwptId()) {
                chooseHwpt(x.hwptId());
            }
        } else if (sel instanceof Selection.Iova x) {
            goToIova(x.hwptId(), x.iova());
        } else if (sel instanceof Selection.Entry x) {
            EntryDetail d = detail.get();
            boolean shown = d != null && s != null && s.hwpt() != null && s.hwpt().id() == x.hwptId()
                && d.row().tablePa() == x.tableAddress() && d.row().firstIndex() == x.index();
            Long iova = entryIovas.get(x);
            if (!shown && iova != null) {
                goToIova(x.hwptId(), iova);
            }
        }
    }

    /**
     * "Go to the entry": shows HWPT {@code hwptId} (-1: the one shown) and walks {@code iova}; the tree expands the
     * path and selects the entry that maps it (or the last one read, when nothing does).
     */
    public CompletableFuture<WalkTrace> goToIova(int hwptId, long iova) {
        PageTableSnapshot s = snapshot.get();
        CompletableFuture<?> ready = CompletableFuture.completedFuture(null);
        if (hwptId >= 0 && (s == null || s.hwpt() == null || s.hwpt().id() != hwptId)) {
            chosenHwpt.set(hwptId);
            viewport = null;
            found = null;
            ready = refresh(false);
        }
        return ready.thenCompose(x -> find("0x" + Long.toHexString(iova))).thenApply(w -> {
            if (w != null) {
                reveal.set(null);
                reveal.set(w);
            }
            return w;
        });
    }

    /**
     * "Go to the entry" from an event of the timeline: the HWPT and IOVA the event is about (from the timeline
     * index); an event without both says so and changes nothing.
     */
    public CompletableFuture<WalkTrace> goToEvent(long seq) {
        return reader.query(pm -> {
            var index = pm.timeline();
            if (seq < 0 || seq >= index.size()) {
                return null;
            }
            return new long[] {index.subject(seq).hwpt(), index.iova(seq)};
        }).thenCompose(a -> {
            if (a == null || a[0] < 0 || a[1] < 0) {
                message.set("Go to the entry: event " + seq + " names no HWPT and IOVA");
                return CompletableFuture.completedFuture(null);
            }
            return goToIova((int) a[0], a[1]);
        });
    }

    /**
     * The user picked {@code iova} of the HWPT shown (a cell of the IOVA map, an IOTLB line): it becomes the shared
     * selection, which this view follows by walking it and selecting its entry.
     */
    public void pickIova(long iova) {
        PageTableSnapshot s = snapshot.get();
        int id = s == null || s.hwpt() == null ? -1 : s.hwpt().id();
        if (focus != null) {
            focus.select(new Selection.Iova(id, iova));
        } else {
            goToIova(id, iova);
        }
    }

    /** Moves the shared focus to the moment of one write in the entry's history. */
    public void goToWrite(EntryWrite w) {
        if (focus != null) {
            focus.moveTo(new Moment(w.step(), w.seq()));
        }
    }

    // ---- the IOVA map

    /** Zoom in (positive) or out (negative) by powers of two, keeping one page per cell at most. */
    public void zoomMap(int steps) {
        PageTableSnapshot s = snapshot.get();
        if (s == null || s.hwpt() == null || viewport == null) {
            return;
        }
        int min = s.granuleShift();
        viewport = viewport.zoom(steps, min, 62 - Integer.numberOfTrailingZeros(MAP_COLUMNS * MAP_ROWS));
        viewportChosen = true;
        refresh(false);
    }

    /** Pan by whole rows of the map (negative: towards 0). */
    public void panMap(int rows) {
        if (viewport == null) {
            return;
        }
        viewport = viewport.panRows(rows, -1L);
        viewportChosen = true;
        refresh(false);
    }

    // ---- properties

    public ReadOnlyObjectProperty<PageTableSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EntryDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** A message for the user when a find or a read failed; "" otherwise. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<IotlbPoint> iotlbHistory() {
        return iotlbHistory;
    }

    public void clearFind() {
        found = null;
    }
}

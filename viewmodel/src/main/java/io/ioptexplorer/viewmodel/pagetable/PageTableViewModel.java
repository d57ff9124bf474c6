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
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.Units;
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
    private int moment;
    /** Row signatures by key at the previous and the current moment, to mark what changed. */
    private Map<String, Long> previous = new HashMap<>();
    private Map<String, Long> current = new HashMap<>();
    private Map<String, Long> previousRaw = new HashMap<>();
    private Map<String, Long> currentRaw = new HashMap<>();

    public PageTableViewModel(MachineReader reader) {
        this.reader = reader;
    }

    // ---- reading the machine

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
        return reader.query(run -> capture(run, want, vp, find)).thenApply(s -> {
            PageTableSnapshot last = snapshot.get();
            if (newMoment && (last == null || !last.machineMoment().equals(s.machineMoment()))) {
                moment++;
                previous = current;
                previousRaw = currentRaw;
                current = new HashMap<>();
                currentRaw = new HashMap<>();
                for (IotlbSnapshot t : s.iotlbs()) {
                    iotlbHistory.add(new IotlbPoint(moment, t.unitId(), t.stats().hits(), t.stats().misses(),
                        t.stats().entriesInvalidated()));
                }
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
        }).exceptionally(e -> {
            message.set("Could not read the page table: " + rootMessage(e));
            return null;
        });
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Runs on the simulation thread. */
    static PageTableSnapshot capture(ScenarioRun run, Integer want, MapViewport vp, WalkTrace find) {
        Machine m = run.machine();
        List<HwptInfo> hwpts = MachineInspect.hwpts(m);
        int step = run.nextIndex() - 1;
        String op = step < 0 ? "" : run.topology().steps().get(step).op();
        HwptInfo h = hwpts.stream().filter(x -> want != null && x.id() == want).findFirst()
            .orElse(hwpts.isEmpty() ? null : hwpts.get(hwpts.size() - 1));
        List<IotlbSnapshot> iotlbs = MachineInspect.iotlbs(m);
        if (h == null) {
            return new PageTableSnapshot(hwpts, null, "", 12, List.of(), null, null, vp, iotlbs, step, op,
                momentOf(run));
        }
        IoPageTable pt = MachineInspect.pageTable(m, h.id());
        RadixFolding folding = new RadixFolding(pt);
        WalkTrace walk = find != null ? WalkTrace.of(pt, find.iova()) : lastDmaWalk(run, pt, step);
        MapViewport v = vp != null && vp.bucketShift() >= pt.format().granuleShift() ? vp
            : defaultViewport(pt, folding);
        return new PageTableSnapshot(hwpts, h, pt.format().name(), pt.format().granuleShift(), folding.rootRows(), walk,
            IovaMapCapture.capture(pt, v.firstIova(), v.bucketShift(), v.buckets()), v, iotlbs, step, op,
            momentOf(run));
    }

    private static String momentOf(ScenarioRun run) {
        Machine m = run.machine();
        return run.nextIndex() + ":" + m.clock().now() + ":" + m.tablePool().allocatedPages() + ":"
            + m.tablePool().freedPages();
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
        return reader.query(run -> new RadixFolding(MachineInspect.pageTable(run.machine(), id)).expand(row))
            .thenApply(rows -> {
                remember(rows);
                return rows;
            });
    }

    private void remember(List<PtRow> rows) {
        for (PtRow r : rows) {
            current.put(key(r), signature(r));
            currentRaw.put(key(r), r.raw());
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
        if (previous.isEmpty()) {
            return false;
        }
        Long before = previous.get(key(r));
        return before == null ? r.kind() != PtRow.Kind.EMPTY : before != signature(r);
    }

    // ---- comparing with a pinned moment (the highlight hook of Compare → the pinned moment with now)

    private final ReadOnlyObjectWrapper<PinBaseline> baseline = new ReadOnlyObjectWrapper<>();

    /**
     * Marks changes against {@code pin} rather than the previous moment, until {@code null} is given: the tree tints
     * the rows that differ from the pinned moment, the inspector marks the bits set and cleared since then, and the
     * IOTLB view outlines the lines that differ. The views redraw from a fresh read.
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
        return previousRaw.getOrDefault(key(row), row.raw());
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

    /** Selects a row: the inspector reads its entry's detail on the simulation thread. */
    public CompletableFuture<EntryDetail> select(PtRow row) {
        PageTableSnapshot s = snapshot.get();
        if (row == null || s == null || s.hwpt() == null) {
            detail.set(null);
            return CompletableFuture.completedFuture(null);
        }
        long before = rawBefore(row);
        int id = s.hwpt().id();
        return reader.query(run -> detailOf(run, id, row, before)).thenApply(d -> {
            detail.set(d);
            return d;
        });
    }

    private void reselect(PtRow old) {
        PageTableSnapshot s = snapshot.get();
        int id = s.hwpt().id();
        long before = baseline.get() != null ? rawBefore(old) : old.raw();
        reader.query(run -> {
            IoPageTable pt = MachineInspect.pageTable(run.machine(), id);
            PtRow now = rowAt(pt, old);
            return now == null ? null : detailOf(run, id, now, before);
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

    static EntryDetail detailOf(ScenarioRun run, int hwptId, PtRow row, long previousRaw) {
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
                : List.of());
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
        return reader.query(run -> WalkTrace.of(MachineInspect.pageTable(run.machine(), id), iova)).thenApply(w -> {
            found = w;
            snapshot.set(new PageTableSnapshot(s.hwpts(), s.hwpt(), s.format(), s.granuleShift(), s.rootRows(), w, s.map(),
                s.viewport(), s.iotlbs(), s.step(), s.stepOp(), s.machineMoment()));
            message.set(w.reachedLeaf() ? "" : "Find: " + w.stoppedWhy());
            return w;
        });
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

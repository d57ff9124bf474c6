package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.IotlbSnapshot;
import io.ioptexplorer.hardware.inspect.Sizes;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.viewmodel.pagetable.IotlbActivity;
import io.ioptexplorer.viewmodel.pagetable.IotlbPoint;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * Each IOMMU's IOTLB as its sets (columns) and ways (rows), one cell per slot: empty, cached clean, cached dirty, or
 * stale (the page-table entry it caches changed and no invalidation reached it) in the warning colour. What the
 * IOTLB did since the previous moment flashes, derived from the events in between: a fill or a hit outlines its
 * cell, an evicted or invalidated entry leaves a cross where it was. Cells and text grow with the stage scale. Below: the
 * valid entries as a list (stale first; a click goes to the entry), and hits, misses and invalidated entries over
 * time as a small chart.
 */
final class IotlbView {
    static final Color EMPTY = Color.web("#e4e4e4");
    static final Color CLEAN = Color.web("#7fb77e");
    static final Color DIRTY = Color.web("#f08a4b");
    static final Color STALE = Color.web("#d62828");
    static final Color CHANGED = Color.web("#7a7a7a");
    static final Color FLASH_FILL = Color.web("#00a651");
    static final Color FLASH_HIT = Color.web("#1e63d6");
    static final Color FLASH_EVICT = Color.web("#ff8c00");
    static final Color FLASH_INVALIDATE = Color.web("#b000b5");

    /** One entry's row in the list, two lines, in px at 1x. */
    static final double ROW_PX = 36;
    /** Rows the entry list has room for (it scrolls beyond). */
    static final int LIST_ROWS = 4;
    private final PageTableViewModel vm;
    private final VBox root = new VBox(6);
    private final VBox grids = new VBox(8);
    private final ListView<IotlbLine> lines = new ListView<>();
    /** Why the stale entries are stale, whole and wrapped (a row has room for its first words only). */
    private final Label staleWhy = new Label();
    private final Canvas chart = new Canvas(160, 90);
    private final Label activity = new Label();
    private String shownMoment = "";
    private Map<String, Map<Integer, IotlbLine>> previous = new HashMap<>();
    private LongConsumer onPick = iova -> { };

    IotlbView(PageTableViewModel vm) {
        this.vm = vm;
        root.setId("iotlb-view");
        root.setPadding(new Insets(6));
        lines.setId("iotlb-lines");
        // Two lines a row (what is cached; where it sits and whether it is stale), rows of a fixed height growing with
        // the stage scale, and room for LIST_ROWS of them: one line of all that was cut at 1280x800 ("set 18 way 0
        // HWPT 3 0x200…").
        lines.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        lines.fixedCellSizeProperty().bind(StageScale.property().multiply(ROW_PX));
        lines.prefHeightProperty().bind(StageScale.property().multiply(ROW_PX * LIST_ROWS + 4));
        lines.setMinHeight(Region.USE_PREF_SIZE);
        // After an invalidation the list is empty: say so rather than show a blank box.
        Label none = new Label("No valid entries: the IOTLB caches no translation now");
        none.setWrapText(true);
        lines.setPlaceholder(none);
        lines.setCellFactory(l -> new ListCell<>() {
            private final Tooltip whole = new Tooltip();

            {
                whole.setWrapText(true);
                whole.setMaxWidth(520);
            }

            @Override
            protected void updateItem(IotlbLine x, boolean empty) {
                super.updateItem(x, empty);
                getStyleClass().remove("stale-text");
                if (empty || x == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(firstLine(x) + "\n" + secondLine(x));
                whole.setText(firstLine(x) + ", " + secondLine(x) + (x.stale() ? ": " + x.staleWhy() : ""));
                setTooltip(whole);
                if (x.stale()) {
                    getStyleClass().add("stale-text");
                }
            }
        });
        lines.getSelectionModel().selectedItemProperty().addListener((o, a, x) -> {
            if (x != null) {
                onPick.accept(x.leafIova());
            }
        });
        chart.setId("iotlb-chart");
        activity.setId("iotlb-activity");
        activity.setWrapText(true);
        Label key = new Label("Flashes since the previous moment: green outline = fill, blue = hit, orange cross = "
            + "evicted, purple cross = invalidated");
        key.setWrapText(true);
        key.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_SMALL);
        // The grids first, then the entries (the stale ones are the story of the stale-IOTLB sample), then the key to
        // the grids' flashes: in a short pane the cells and the stale entries are what must show.
        staleWhy.setId("iotlb-stale-why");
        staleWhy.setWrapText(true);
        staleWhy.setMinHeight(Region.USE_PREF_SIZE);
        staleWhy.getStyleClass().add("stale-text");
        staleWhy.managedProperty().bind(staleWhy.textProperty().isNotEmpty());
        staleWhy.visibleProperty().bind(staleWhy.managedProperty());
        Label entriesTitle = new Label("Valid entries (stale first; click one to go to its entry)");
        entriesTitle.setWrapText(true);
        root.getChildren().addAll(activity, grids, entriesTitle, lines, staleWhy, key, new Label("Hits (green), misses (orange), entries invalidated (blue), per moment"),
            chart);
        vm.snapshotProperty().addListener((o, a, s) -> show(s));
        StageScale.property().addListener((o, a, b) -> show(vm.snapshotProperty().get()));
        // A new width: new cell sizes and chart (the flashes of the moment stay, the same snapshot is drawn again).
        root.widthProperty().addListener((o, a, b) -> show(vm.snapshotProperty().get()));
    }

    VBox root() {
        return root;
    }

    void setOnPick(LongConsumer pick) {
        onPick = pick;
    }

    /** The grid canvas of the IOMMU with this id, for tests. */
    Canvas gridOf(String unitId) {
        return (Canvas) grids.lookup("#iotlb-grid-" + unitId);
    }

    private void show(PageTableSnapshot s) {
        grids.getChildren().clear();
        activity.setText(s == null ? "" : activityText(s));
        List<IotlbLine> all = new ArrayList<>();
        Map<String, Map<Integer, IotlbLine>> now = new HashMap<>();
        if (s != null) {
            for (IotlbSnapshot t : s.iotlbs()) {
                Map<Integer, IotlbLine> bySlot = new HashMap<>();
                t.lines().forEach(l -> bySlot.put(l.slot(), l));
                now.put(t.unitId(), bySlot);
                Label title = new Label(String.format("%s: %d sets × %d ways · %d valid, %d stale · hits %d, misses "
                    + "%d, evictions %d, invalidated %d", t.unitId(), t.sets(), t.ways(), t.lines().size(),
                    t.staleCount(), t.stats().hits(), t.stats().misses(), t.stats().evictions(),
                    t.stats().entriesInvalidated()));
                title.getStyleClass().add("row-head");
                title.setWrapText(true);
                // Outlined: what differs from the previous moment, or from the pinned one while comparing.
                Map<Integer, IotlbLine> before = vm.pinnedIotlb(t.unitId()).map(p -> {
                    Map<Integer, IotlbLine> m = new HashMap<>();
                    p.lines().forEach(l -> m.put(l.slot(), l));
                    return m;
                }).orElse(previous.get(t.unitId()));
                grids.getChildren().addAll(title, grid(t, bySlot, before, s.activity()));
                all.addAll(t.lines());
            }
        }
        if (s == null || !s.machineMoment().equals(shownMoment)) {
            previous = now; // a re-read of the same moment (zoom, selection) keeps what the flashes compare with
            shownMoment = s == null ? "" : s.machineMoment();
        }
        all.sort((a, b) -> Boolean.compare(b.stale(), a.stale()));
        lines.getItems().setAll(all);
        staleWhy.setText(staleWhyText(all));
        drawChart();
    }

    /** "HWPT 3  0x200000  4 KiB  cached dirty": what the entry caches. */
    static String firstLine(IotlbLine x) {
        return String.format("HWPT %d  %s  %s  cached %s", x.hwptId(), Hex.of(x.leafIova()), Sizes.of(x.leafSize()),
            x.cachedDirty() ? "dirty" : "clean");
    }

    /** "set 18, way 0" and, when the page-table entry changed under it, "STALE". */
    static String secondLine(IotlbLine x) {
        return "set " + x.set() + ", way " + x.way() + (x.stale() ? " · STALE" : "");
    }

    /** "Stale: <why>" for each distinct reason among the lines, "" when none is stale. */
    static String staleWhyText(List<IotlbLine> all) {
        java.util.Map<String, Integer> why = new java.util.LinkedHashMap<>();
        for (IotlbLine x : all) {
            if (x.stale()) {
                why.merge(x.staleWhy(), 1, Integer::sum);
            }
        }
        StringBuilder b = new StringBuilder();
        why.forEach((reason, n) -> b.append(b.isEmpty() ? "" : "\n").append("STALE (").append(n)
            .append(n == 1 ? " entry): " : " entries): ").append(reason));
        return b.toString();
    }

    static Color colourOf(IotlbLine l) {
        return l == null ? EMPTY : l.stale() ? STALE : l.cachedDirty() ? DIRTY : CLEAN;
    }

    private static String activityText(PageTableSnapshot s) {
        if (s.activity().byUnit().isEmpty()) {
            return "Since the previous moment: no IOTLB activity";
        }
        StringBuilder b = new StringBuilder("Since the previous moment:");
        s.activity().byUnit().forEach((unit, c) -> b.append(' ').append(unit).append(' ')
                .append(count(c.fills(), "fill")).append(", ").append(count(c.hits(), "hit")).append(", ")
                .append(count(c.misses(), "miss")).append(", ").append(count(c.evictions(), "eviction"))
                .append(", ").append(count(c.invalidations(), "invalidation")).append(';'));
        return b.substring(0, b.length() - 1);
    }

    /** "1 hit", "2 hits", "1 miss", "3 misses". */
    static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
    }

    /**
     * Pixels per cell: the sets fill the pane's width (3 to 12 px a cell), and everything grows with the stage
     * scale.
     */
    double cellSize(IotlbSnapshot t) {
        double width = root.getWidth() > 0 ? root.getWidth() - 16 : 512;
        return Math.floor(Math.max(3, Math.min(12, width / t.sets())) * StageScale.get());
    }

    /** The touch of {@code activity} on line {@code l} of unit {@code unit} of kind {@code what}, if any. */
    static boolean touched(IotlbActivity activity, String unit, IotlbLine l, IotlbActivity.What what) {
        for (IotlbActivity.Touch t : activity.touches()) {
            if (t.what() == what && unit.equals(t.unitId()) && t.domainId() == l.domainId()
                && Long.compareUnsigned(t.leafIova(), l.leafIova()) <= 0
                && Long.compareUnsigned(l.leafIova(), t.lastIova()) <= 0) {
                return true;
            }
        }
        return false;
    }

    /** @param before the slots at the previous moment, null when there was none */
    private Canvas grid(IotlbSnapshot t, Map<Integer, IotlbLine> now, Map<Integer, IotlbLine> before,
                        IotlbActivity act) {
        double cell = cellSize(t);
        Canvas c = new Canvas(t.sets() * cell + 2, t.ways() * cell + 2);
        c.setId("iotlb-grid-" + t.unitId());
        GraphicsContext g = c.getGraphicsContext2D();
        for (int set = 0; set < t.sets(); set++) {
            for (int way = 0; way < t.ways(); way++) {
                int slot = set * t.ways() + way;
                IotlbLine l = now.get(slot);
                double x = 1 + set * cell;
                double y = 1 + way * cell;
                g.setFill(colourOf(l));
                g.fillRect(x, y, cell - 1, cell - 1);
                Color flash = flashOf(t.unitId(), l, before == null ? null : before.get(slot), act);
                if (flash != null) {
                    g.setStroke(flash);
                    double lw = Math.max(1.5, cell / 5);
                    g.setLineWidth(lw);
                    if (flash == FLASH_EVICT || flash == FLASH_INVALIDATE) {
                        g.strokeLine(x + lw / 2, y + lw / 2, x + cell - 1 - lw / 2, y + cell - 1 - lw / 2);
                        g.strokeLine(x + cell - 1 - lw / 2, y + lw / 2, x + lw / 2, y + cell - 1 - lw / 2);
                    } else {
                        g.strokeRect(x + lw / 2, y + lw / 2, cell - 1 - lw, cell - 1 - lw);
                    }
                } else if (before != null && !same(before.get(slot), l) && cell >= 6) {
                    g.setStroke(CHANGED); // changed with no event read in full (a long stretch played at once)
                    g.setLineWidth(1.5);
                    g.strokeRect(x + 0.75, y + 0.75, cell - 2.5, cell - 2.5);
                }
            }
        }
        return c;
    }

    /**
     * The flash of one slot: a fill or hit of the line now there, else the eviction or invalidation of the line that
     * was there at the previous moment; null when the events say nothing about it.
     */
    static Color flashOf(String unit, IotlbLine now, IotlbLine was, IotlbActivity act) {
        if (now != null && touched(act, unit, now, IotlbActivity.What.FILL)) {
            return was != null && !same(was, now) && touched(act, unit, was, IotlbActivity.What.EVICT) ? FLASH_EVICT
                : FLASH_FILL;
        }
        if (now != null && touched(act, unit, now, IotlbActivity.What.HIT)) {
            return FLASH_HIT;
        }
        if (was != null && !same(was, now)) {
            if (touched(act, unit, was, IotlbActivity.What.INVALIDATE)) {
                return FLASH_INVALIDATE;
            }
            if (touched(act, unit, was, IotlbActivity.What.EVICT)) {
                return FLASH_EVICT;
            }
        }
        return null;
    }

    /** Centre of a slot's cell in its grid canvas, for tests reading pixels. */
    double[] cellCentre(IotlbSnapshot t, int slot) {
        double cell = cellSize(t);
        int set = slot / t.ways();
        int way = slot % t.ways();
        return new double[] {1 + set * cell + cell / 2 - 0.5, 1 + way * cell + cell / 2 - 0.5};
    }

    private static boolean same(IotlbLine a, IotlbLine b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.domainId() == b.domainId() && a.leafIova() == b.leafIova() && a.leafSize() == b.leafSize()
            && a.cachedDirty() == b.cachedDirty() && a.stale() == b.stale();
    }

    private void drawChart() {
        // As wide as the pane (a fixed width made the whole view wider than its tab), taller on stage.
        chart.setWidth(Math.max(160, root.getWidth() - 14));
        chart.setHeight(90 * StageScale.get());
        GraphicsContext g = chart.getGraphicsContext2D();
        g.clearRect(0, 0, chart.getWidth(), chart.getHeight());
        g.setStroke(Color.GRAY);
        g.strokeRect(0.5, 0.5, chart.getWidth() - 1, chart.getHeight() - 1);
        List<IotlbPoint> pts = vm.iotlbHistory();
        if (pts.isEmpty()) {
            return;
        }
        long max = 1;
        long first = pts.get(0).seq();
        long last = pts.get(pts.size() - 1).seq();
        Map<Long, long[]> byMoment = new java.util.TreeMap<>();
        for (IotlbPoint p : pts) {
            long[] sum = byMoment.computeIfAbsent(p.seq(), k -> new long[3]);
            sum[0] += p.hits();
            sum[1] += p.misses();
            sum[2] += p.invalidated();
        }
        for (long[] v : byMoment.values()) {
            max = Math.max(max, Math.max(v[0], Math.max(v[1], v[2])));
        }
        Color[] colours = {Color.web("#2e9e44"), Color.web("#e07b1a"), Color.web("#2f6fd6")};
        double w = chart.getWidth() - 8;
        double h = chart.getHeight() - 8;
        for (int k = 0; k < 3; k++) {
            g.setStroke(colours[k]);
            g.setLineWidth(1.5);
            double px = -1;
            double py = -1;
            for (Map.Entry<Long, long[]> e : byMoment.entrySet()) {
                double x = 4 + (last == first ? w : w * (e.getKey() - first) / (double) (last - first));
                double y = 4 + h - h * Math.log1p(e.getValue()[k]) / Math.log1p(max);
                if (px >= 0) {
                    g.strokeLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
    }
}

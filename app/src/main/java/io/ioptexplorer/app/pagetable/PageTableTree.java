package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;

/**
 * The radix tree of the HWPT in focus: root, table pages, entries, with runs folded as ptdump folds them. Rows on the
 * highlighted walk, rows that changed since the previous moment, and dirty leaves are marked by style class.
 * Expansion survives a new moment: the tree is rebuilt aside, the same positions re-expanded, then shown.
 */
final class PageTableTree {
    /** The entry column's width before the tree's depth is known. */
    private static final double ENTRY_TEXT = 130;
    /** The longest usual text of the Changed column, which it is as wide as (bold: a walk's rows are). */
    static final String CHANGED_PROBE = "split → table";
    private static final double CHANGED_WIDTH = Math.ceil(boldWidth(CHANGED_PROBE, 14) + 16);
    /** One level's indentation, in em of the tree's font (app.css, {@code #pt-tree}). */
    private static final double INDENT_EM = 0.75;
    private final PageTableViewModel vm;
    private final TreeTableView<PtRow> table = new TreeTableView<>();
    private WalkTrace walk;
    private final TreeTableColumn<PtRow, String> entryColumn = column("Entry", ENTRY_TEXT, PageTableTree::index);
    private final TreeTableColumn<PtRow, String> iovaColumn = column("IOVA", 200,
        r -> r.level() < 0 ? "" : Hex.range(r.firstIova(), r.lastIova()));
    /** "RW A dirty": permissions, Accessed and Dirty in words, the same for every format ({@link Hex#state}). */
    private final TreeTableColumn<PtRow, String> stateColumn = column("State", Math.ceil(Math.max(
        boldWidth("RW A dirty", 14), boldWidth("RW A clean", 14)) + 14), Hex::state);
    /** The widest IOVA range of the root's rows, which the IOVA column was last fitted to. */
    private String fittedRange = "";
    /** The levels below the root of the tree shown, which the entry column's width was last fitted to. */
    private int fittedDepth = -1;
    /** The entry the last walk or find selected, kept in view while the re-opened rows above it load. */
    private TreeItem<PtRow> revealed;
    /** How long a new tree waits for its re-opened rows before it is shown anyway (a machine that stopped answering). */
    private static final long OPEN_ROWS_WAIT_SECONDS = 2;
    /** A new moment's tree is being built aside ({@link #show}); {@link #waiting} is the snapshot after it. */
    private boolean building;
    private PageTableSnapshot waiting;
    private boolean waitingSet;

    PageTableTree(PageTableViewModel vm) {
        this.vm = vm;
        table.setId("pt-tree");
        table.setShowRoot(true);
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE); // more rows in the height 1280x800 leaves
        // Before the HWPT's root table exists (or with no paging HWPT): not the control's "No content in table".
        javafx.scene.control.Label none = new javafx.scene.control.Label("No page table at this moment (the line "
            + "under the tree says why)");
        none.setWrapText(true);
        table.setPlaceholder(none);
        // What a newcomer reads first comes first: which entry at which level, what it is, its A/D state, what just
        // changed; then the IOVAs it covers, its bits in the format's own names and the hex (the inspector shows the
        // IOVA range and the raw value of the selected entry too). The entry is named as the walk line names it
        // ("L0[256]"): no separate level column. At 1280x800 the tree has about 400 px: with the IOVA range second,
        // the A/D state was off to the right. Widths grow with the stage scale; every column can be widened, and a
        // row's tooltip holds it all.
        table.getColumns().add(entryColumn);
        // As wide as a folded run of 2 MiB or 1 GiB leaves in bold ("512 × 2 ..." under Xvfb with 4 KiB's width).
        table.getColumns().add(column("What", Math.ceil(Math.max(boldWidth("512 × 2 MiB", 14),
            boldWidth("512 × 1 GiB", 14)) + 14),
            r -> r.level() < 0 ? "root table" : Hex.what(r)));
        table.getColumns().add(stateColumn);
        // What the step changed, compactly ("+A +D", "new 4 KiB ×512", "split → table"; the whole in the row's
        // tooltip), in a column as wide as the usual texts (What and State are too, for it to be in view at 1280x800): at 92 px "empty → leaf (512 entries)" read "empt…".
        table.getColumns().add(column("Changed", CHANGED_WIDTH, r -> r.level() < 0 ? "" : vm.changeText(r)));
        table.getColumns().add(iovaColumn);
        table.getColumns().add(column("Bits", 150, r -> r.level() < 0 ? "" : r.flags()));
        table.getColumns().add(column("Output", 120, r -> r.outputAddress() == 0 ? "" : Hex.of(r.outputAddress())));
        table.getColumns().add(column("Raw", 150, PageTableTree::raw));
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(PtRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("pt-walk", "pt-changed", "pt-dirty", "pt-empty");
                if (empty || r == null) {
                    setTooltip(null);
                    return;
                }
                if (getTooltip() == null) {
                    setTooltip(new javafx.scene.control.Tooltip());
                }
                getTooltip().setText(whole(r));
                if (onWalk(r)) {
                    getStyleClass().add("pt-walk");
                }
                if (r.level() >= 0 && vm.changed(r)) {
                    getStyleClass().add("pt-changed");
                }
                if (r.dirty()) {
                    getStyleClass().add("pt-dirty");
                }
                if (r.kind() == PtRow.Kind.EMPTY) {
                    getStyleClass().add("pt-empty");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null && item.getValue() != null && item.getValue().level() >= 0) {
                vm.select(item.getValue(), false);
            }
        });
        // Only the user's own pick becomes the shared selection: the selection also moves when the tree reveals a
        // walk or rows above the selection expand, and those must not rewrite the focus history.
        table.addEventHandler(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> shareSelected());
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode().isNavigationKey()) {
                shareSelected();
            }
        });
        vm.snapshotProperty().addListener((o, a, s) -> show(s));
    }

    TreeTableView<PtRow> view() {
        return table;
    }

    private static String joined(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " · " + b;
    }

    /** "L0[256]", "L0[5–511]": the level and the index, as the walk line names them ({@link Hex#entry}). */
    static String index(PtRow r) {
        if (r.level() < 0) {
            return "root";
        }
        return Hex.entry(r.level(), r.firstIndex(), r.lastIndex());
    }

    private static String raw(PtRow r) {
        return r.kind() == PtRow.Kind.EMPTY || r.level() < 0 ? "" : String.format("%016x", r.raw());
    }

    /** Everything a row says, for its tooltip: readable whole however narrow the columns are. */
    private String whole(PtRow r) {
        if (r.level() < 0) {
            return r.flags();
        }
        StringBuilder b = new StringBuilder(index(r)).append("  ").append(Hex.range(r.firstIova(), r.lastIova()))
            .append("\n").append(Hex.what(r));
        String state = joined(Hex.state(r), r.flags());
        if (!state.isEmpty()) {
            b.append(" · ").append(state);
        }
        if (r.outputAddress() != 0) {
            b.append("\noutput ").append(Hex.of(r.outputAddress()));
        }
        if (!raw(r).isEmpty()) {
            b.append("\nraw ").append(raw(r));
        }
        String changed = vm.changeWhole(r);
        if (!changed.isEmpty()) {
            b.append("\nchanged since the previous moment: ").append(changed);
        }
        return b.toString();
    }

    /**
     * Fits the entry column to the tree's depth: the indentation of its deepest rows (one step per level below the
     * root), their disclosure arrow and the widest index. At 76 px a 4-level table's leaves showed one digit.
     */
    private void fitEntryColumn(int levelsBelowRoot) {
        if (levelsBelowRoot == fittedDepth) {
            return;
        }
        fittedDepth = levelsBelowRoot;
        javafx.scene.text.Text probe = new javafx.scene.text.Text("L0[510–511]");
        // Bold: the rows on a walk are.
        probe.setFont(javafx.scene.text.Font.font(null, javafx.scene.text.FontWeight.BOLD, 14 * StageScale.get()));
        double indent = INDENT_EM * 14 * StageScale.get();
        entryColumn.setPrefWidth(Math.ceil(levelsBelowRoot * indent + 30 * StageScale.get()
            + probe.getLayoutBounds().getWidth() + 16 * StageScale.get()));
    }

    /**
     * Fits the IOVA column to the widest range of the root's rows (the widest ranges there are: a 48-bit table's
     * "0x8000000000–0xffffffffffff" was cut at 200 px), never narrower than its default.
     */
    private void fitIovaColumn(List<PtRow> rootRows) {
        String widest = "";
        for (PtRow r : rootRows) {
            String t = Hex.range(r.firstIova(), r.lastIova());
            if (t.length() > widest.length()) {
                widest = t;
            }
        }
        if (widest.equals(fittedRange)) {
            return;
        }
        fittedRange = widest;
        javafx.scene.text.Text probe = new javafx.scene.text.Text(widest);
        probe.setFont(javafx.scene.text.Font.font(null, javafx.scene.text.FontWeight.BOLD, 14 * StageScale.get()));
        iovaColumn.setPrefWidth(Math.max(200 * StageScale.get(), Math.ceil(probe.getLayoutBounds().getWidth()
            + 16 * StageScale.get())));
    }

    private static double boldWidth(String text, double size) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text(text);
        probe.setFont(javafx.scene.text.Font.font(null, javafx.scene.text.FontWeight.BOLD, size));
        return probe.getLayoutBounds().getWidth();
    }

    private static TreeTableColumn<PtRow, String> column(String name, double width, Function<PtRow, String> text) {
        TreeTableColumn<PtRow, String> c = new TreeTableColumn<>(name);
        // Grows with the stage scale (larger text in fixed widths cut every cell short); set, not bound, so the
        // user can still drag a column's edge.
        c.setPrefWidth(width * StageScale.get());
        StageScale.property().addListener((o, was, now) -> c.setPrefWidth(c.getPrefWidth() * now.doubleValue()
            / was.doubleValue()));
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getValue() == null ? ""
            : text.apply(d.getValue().getValue())));
        return c;
    }

    /** Whether a row holds the entry the highlighted walk read at its level. */
    boolean onWalk(PtRow r) {
        if (walk == null) {
            return false;
        }
        if (r.level() < 0) {
            return true;
        }
        for (WalkLevel l : walk.levels()) {
            if (l.level() == r.level() && l.tablePa() == r.tablePa() && l.index() >= r.firstIndex()
                && l.index() <= r.lastIndex()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new moment's tree is built aside and shown once the rows open in the shown tree have loaded into it (they come
     * from the machine thread): replaced at once, the tree showed only its top rows while a run played, every frame,
     * until the loads caught up. One build at a time; a snapshot that arrives meanwhile waits, and only the newest.
     */
    private void show(PageTableSnapshot s) {
        if (building) {
            waiting = s;
            waitingSet = true;
            return;
        }
        if (s == null || s.hwpt() == null) {
            walk = null;
            table.setRoot(null);
            return;
        }
        Set<String> open = new HashSet<>();
        if (table.getRoot() != null) {
            collectExpanded(table.getRoot(), open);
        }
        TreeItem<PtRow> was = table.getSelectionModel().getSelectedItem();
        String selected = was == null || was.getValue() == null ? null : key(was.getValue());
        long rootPa = s.rootRows().isEmpty() ? 0 : s.rootRows().get(0).tablePa();
        PtRow rootRow = new PtRow(PtRow.Kind.TABLE, -1, 0, 0, 0, 0, -1L, 0, 1, 0, rootPa, 0, false, false,
            s.format() + ", root at " + Hex.of(rootPa));
        FoldedTreeItem root = new FoldedTreeItem(rootRow, vm, s.rootRows());
        root.setExpanded(true);
        building = true;
        reopen(root, open).orTimeout(OPEN_ROWS_WAIT_SECONDS, TimeUnit.SECONDS)
            .whenComplete((v, ex) -> onFx(() -> install(root, s, selected)));
    }

    /** @param selected the key of the row selected in the tree shown before, or null */
    private void install(FoldedTreeItem root, PageTableSnapshot s, String selected) {
        building = false;
        walk = s.walk();
        fitEntryColumn(s.rootRows().isEmpty() ? 1 : s.rootRows().get(0).level() + 1);
        fitIovaColumn(s.rootRows());
        table.setRoot(root);
        table.refresh();
        if (walk != null) {
            reveal(walk); // a DMA step or a find: open the path from the root to the entry it reached
        } else if (s.written() != null) {
            revealEntry(s.written().path()); // paused inside a split, an update, a mapping: the entry it wrote
        } else if (s.hit() != null) {
            revealEntry(s.hit().path()); // paused inside an IOTLB hit: the leaf its entry caches (no walk to light)
        } else if (selected != null) {
            reselect(root, selected); // nothing new to show: the row selected stays so, as the inspector shows it
        }
        if (waitingSet) {
            PageTableSnapshot next = waiting;
            waiting = null;
            waitingSet = false;
            show(next);
        }
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r); // the wait timed out, on the timer's thread
        }
    }

    /**
     * Opens the path to the entry {@code path} ends at and selects it, without lighting the rows as a walk: the entry
     * the event paused inside wrote, or the leaf an IOTLB hit's entry caches.
     */
    private CompletableFuture<Void> revealEntry(io.ioptexplorer.hardware.inspect.WalkTrace path) {
        TreeItem<PtRow> root = table.getRoot();
        if (root == null) {
            return CompletableFuture.completedFuture(null);
        }
        return descend(root, path.levels(), 0, path.iova());
    }

    /** A row's position and extent: a run and its first leaf start at the same IOVA (a leaf reselected as its run). */
    private static String key(PtRow r) {
        return r.kind() + ":" + r.level() + ":" + r.firstIova() + ":" + r.lastIova();
    }

    /**
     * Selects the row of the rebuilt tree at the position selected before (the same kind, level and first IOVA), if
     * it was re-opened: without it a new moment with no walk and no written entry left the tree with no selection
     * while the inspector still showed the entry.
     */
    private void reselect(TreeItem<PtRow> item, String selected) {
        if (item.getValue() != null && key(item.getValue()).equals(selected)) {
            table.getSelectionModel().select(item);
            return;
        }
        if (item.isExpanded()) {
            for (TreeItem<PtRow> c : item.getChildren()) {
                reselect(c, selected);
            }
        }
    }

    private static void collectExpanded(TreeItem<PtRow> item, Set<String> out) {
        if (item.isExpanded() && item.getValue() != null) {
            out.add(key(item.getValue()));
            for (TreeItem<PtRow> c : item.getChildren()) {
                collectExpanded(c, out);
            }
        }
    }

    /** Expands the rows of {@code item} that were open in the tree shown; done when every row opened has loaded. */
    private CompletableFuture<Void> reopen(TreeItem<PtRow> item, Set<String> open) {
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (TreeItem<PtRow> c : item.getChildren()) {
            if (c.getValue() != null && open.contains(key(c.getValue())) && c instanceof FoldedTreeItem f) {
                f.setExpanded(true);
                loads.add(f.load().thenCompose(v -> reopen(f, open)));
            }
        }
        return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new));
    }

    /** Expands the path of a walk level by level and selects the last entry it read (a leaf: the leaf itself). */
    CompletableFuture<Void> reveal(WalkTrace w) {
        walk = w;
        table.refresh();
        TreeItem<PtRow> root = table.getRoot();
        if (w == null || root == null) {
            return CompletableFuture.completedFuture(null);
        }
        return descend(root, w.levels(), 0, w.iova());
    }

    private CompletableFuture<Void> descend(TreeItem<PtRow> parent, List<WalkLevel> levels, int i, long iova) {
        if (i >= levels.size()) {
            return CompletableFuture.completedFuture(null);
        }
        WalkLevel l = levels.get(i);
        for (TreeItem<PtRow> c : parent.getChildren()) {
            PtRow r = c.getValue();
            if (r != null && r.level() == l.level() && r.tablePa() == l.tablePa() && l.index() >= r.firstIndex()
                && l.index() <= r.lastIndex()) {
                if (i == levels.size() - 1 && r.kind() == PtRow.Kind.LEAVES && r.count() > 1
                    && c instanceof FoldedTreeItem f) {
                    f.setExpanded(true);
                    return f.load().thenCompose(v -> descend(f, levels, i, iova));
                }
                if (i < levels.size() - 1 && c instanceof FoldedTreeItem f) {
                    f.setExpanded(true);
                    return f.load().thenCompose(v -> descend(f, levels, i + 1, iova));
                }
                select(c);
                return CompletableFuture.completedFuture(null);
            }
        }
        select(parent);
        return CompletableFuture.completedFuture(null);
    }

    /** Whether {@code item} is in the tree shown now (a new snapshot replaces the whole tree). */
    private boolean attached(TreeItem<PtRow> item) {
        TreeItem<PtRow> top = item;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        return top == table.getRoot();
    }

    private void shareSelected() {
        TreeItem<PtRow> item = table.getSelectionModel().getSelectedItem();
        if (item != null) {
            vm.share(item.getValue());
        }
    }

    private void select(TreeItem<PtRow> item) {
        if (!attached(item)) {
            return; // a reveal of a tree since rebuilt (a new snapshot): the new tree's own reveal selects
        }
        table.getSelectionModel().select(item);
        revealed = item;
        keepRevealedInView();
    }

    /**
     * Scrolls the entry a walk or a find revealed into view, three rows below the top: again when the rows a rebuilt
     * tree re-opens load after it (they come from the machine thread, in any order). Not once the user moved on.
     */
    private void keepRevealedInView() {
        if (revealed == null || !attached(revealed) || table.getSelectionModel().getSelectedItem() != revealed) {
            return;
        }
        int row = table.getRow(revealed);
        if (row >= 0) {
            table.scrollTo(Math.max(0, row - 3));
        }
    }
}

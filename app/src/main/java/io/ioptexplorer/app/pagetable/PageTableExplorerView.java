package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.inspect.MachineInspect.HwptInfo;
import io.ioptexplorer.hardware.inspect.WalkLevel;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.inspect.Sizes;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The page tables on screen: the HWPT chooser, the walk and find-by-IOVA over the radix tree (or the IOTLBs), the
 * IOVA map beside them.
 * The entry inspector is a separate node the window puts in its right-hand pane while this tab
 * shows ({@link #inspectorNode()}). "Go to the entry" from any view lands here ({@link #goToEntry},
 * {@link #goToEvent}). Bindings only; the view model reads the machine.
 */
public final class PageTableExplorerView {
    private final PageTableViewModel vm;
    private final BorderPane root = new BorderPane();
    private final PageTableTree tree;
    private final IovaMapView map;
    private final IotlbView iotlb;
    private final EntryInspectorView inspector;
    private final TextField find = new TextField();
    private final Label walkLine = new Label();
    /** The walk line whole, with the moment it was read at. */
    private final javafx.scene.control.Tooltip walkWhole = new javafx.scene.control.Tooltip();
    private final Label message = new Label();
    private final ComboBox<HwptInfo> hwpts = new ComboBox<>();
    private final ToggleButton treeButton = new ToggleButton("Tree");
    private final ToggleButton iotlbButton = new ToggleButton("IOTLB");
    private Runnable showTab = () -> { };
    /** The tree's share of the tab's width until the user drags the divider. */
    static final double TREE_SHARE = 0.76;
    /** While {@link #show} puts a snapshot's HWPTs in the chooser (its action is then not the user's). */
    private boolean showing;

    public PageTableExplorerView(PageTableViewModel vm) {
        this.vm = vm;
        root.setId("page-table-explorer");
        tree = new PageTableTree(vm);
        map = new IovaMapView(vm);
        iotlb = new IotlbView(vm);
        inspector = new EntryInspectorView(vm);
        // A picked cell or IOTLB line is the shared selection; the view model follows it to the entry.
        map.setOnPick(vm::pickIova);
        iotlb.setOnPick(vm::pickIova);
        vm.revealProperty().addListener((o, a, w) -> {
            if (w != null) {
                tree.reveal(w);
            }
        });

        hwpts.setId("hwpt-choice");
        hwpts.setPromptText("HWPT: none yet");
        hwpts.setAccessibleText("HWPT shown");
        // As wide as its longest label (the list's own width) when there is room: at 2x a fixed width cut "HWPT 3
        // (vtdss-4level on vtd0, nic0)" short. Narrower only when the column is, and then the tooltip says it all.
        hwpts.setMinWidth(120);
        hwpts.setMaxWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(hwpts, Priority.SOMETIMES);
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
        whole.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> hwpts.getValue() == null
            ? "The HWPT whose page table is shown" : hwpts.getValue().label(), hwpts.valueProperty()));
        hwpts.setTooltip(whole);
        // A converter, not a custom button cell: with one, the closed chooser showed neither value nor prompt.
        hwpts.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(HwptInfo h) {
                return h == null ? "" : shortLabel(h);
            }

            @Override
            public HwptInfo fromString(String text) {
                return null;
            }
        });
        hwpts.setOnAction(e -> {
            if (showing) {
                return; // the snapshot's own list and value, not the user's choice
            }
            HwptInfo h = hwpts.getValue();
            PageTableSnapshot s = vm.snapshotProperty().get();
            if (h != null && s != null && (s.hwpt() == null || s.hwpt().id() != h.id())) {
                vm.chooseHwpt(h.id());
            }
        });
        find.setId("find-iova");
        // "Find IOVA" and the key in the tooltip: with the key in the prompt the field took the chooser's width.
        find.setPromptText("Find IOVA");
        find.setTooltip(new javafx.scene.control.Tooltip("Find IOVA (Ctrl+F): an IOVA in hex or decimal, e.g. "
            + "0x280000; expands the path to the entry that maps it"));
        find.setPrefColumnCount(8);
        find.setMinWidth(Region.USE_PREF_SIZE); // the prompt whole: the chooser gives way first
        find.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                tree.view().requestFocus(); // back to the rows, where the arrows move the selection
                e.consume();
            }
        });
        find.setOnAction(e -> vm.find(find.getText()).thenAccept(w -> {
            if (w != null) {
                tree.reveal(w);
            }
        }));
        message.setId("pt-message");
        message.getStyleClass().add("problem-text");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.managedProperty().bind(message.textProperty().isNotEmpty()); // no blank line when all is well
        message.visibleProperty().bind(message.managedProperty());
        // The walk under the tree and the map, the whole tab's width, wrapped: its rows are lit in the tree, its leaf
        // is in the inspector. The moment is in its tooltip only (the status bar names it too): at 1280x800 the line
        // with the moment was cut in the middle of the walk.
        walkLine.setId("walk-line");
        walkLine.setWrapText(true);
        walkLine.setMinWidth(0);
        walkLine.setMaxWidth(Double.MAX_VALUE);
        // Whole: the tab is shorter than the map column wants at 1280x800, and a line allowed to shrink gave way first.
        walkLine.setMinHeight(Region.USE_PREF_SIZE);
        walkWhole.setWrapText(true);
        walkWhole.setMaxWidth(600);
        walkLine.setTooltip(walkWhole);

        // Left: the tree or the IOTLB (its lines are wide), switched by two buttons. Right: the IOVA map, in view
        // beside the IOTLB too (dirty pages and the stale entries that cache them). Above both, one toolbar row:
        // the HWPT chooser, the switch, the find field and the map's buttons; under the tree, the walk. At 1280x800
        // each row above the tree cost it entries: three rows there left it 5.
        javafx.scene.control.ScrollPane iotlbScroll = new javafx.scene.control.ScrollPane(iotlb.root());
        iotlbScroll.setFitToWidth(true);
        ToggleGroup which = new ToggleGroup();
        treeButton.setToggleGroup(which);
        iotlbButton.setToggleGroup(which);
        treeButton.setId("pt-show-tree");
        iotlbButton.setId("pt-show-iotlb");
        treeButton.getStyleClass().add(atlantafx.base.theme.Styles.LEFT_PILL);
        iotlbButton.getStyleClass().add(atlantafx.base.theme.Styles.RIGHT_PILL);
        treeButton.setSelected(true);
        which.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one of the two always shows
            }
        });
        tree.view().visibleProperty().bind(treeButton.selectedProperty());
        iotlbScroll.visibleProperty().bind(iotlbButton.selectedProperty());
        StackPane content = new StackPane(tree.view(), iotlbScroll);
        content.setId("pt-content");
        content.setMinSize(0, 0);
        HBox switcher = new HBox(treeButton, iotlbButton);
        switcher.setMinWidth(Region.USE_PREF_SIZE);
        // No "HWPT" label before the chooser: each choice starts with "HWPT n", and at 2x the label cost it its end.
        // The chooser and the find field share what the buttons leave (the chooser's tooltip names the HWPT whole).
        HBox bar = new HBox(8, hwpts, switcher, find);
        bar.setId("pt-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMinWidth(0);
        bar.setPadding(new Insets(4, 6, 4, 6));
        HBox.setHgrow(find, Priority.SOMETIMES);
        find.setMaxWidth(Region.USE_PREF_SIZE);
        javafx.scene.control.ScrollPane mapScroll = new javafx.scene.control.ScrollPane(map.root());
        mapScroll.setFitToWidth(true);
        mapScroll.setFitToHeight(true);
        mapScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        // The map's least side at the stage scale, its frame, padding and a vertical scroll bar (the column scrolls
        // when the tab is shorter than the map): at 2x a fixed 160 px let the map draw past its frame.
        mapScroll.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> Math.max(160,
            IovaMapView.leastSide(io.ioptexplorer.app.stage.StageScale.get()) + 4 + 12 + 14.0),
            io.ioptexplorer.app.stage.StageScale.property()));
        VBox status = new VBox(2, message, walkLine);
        status.setId("pt-status");
        status.setPadding(new Insets(2, 8, 3, 8));
        status.setMinWidth(0);
        status.setMinHeight(Region.USE_PREF_SIZE); // its lines whole: the tree and the map scroll, the line cannot
        VBox left = new VBox(content);
        VBox.setVgrow(content, Priority.ALWAYS);
        left.setMinSize(0, 0);
        SplitPane split = new SplitPane(left, mapScroll);
        split.setId("pt-split");
        split.setOrientation(Orientation.HORIZONTAL);
        // The tree's entry, what, state and changed columns whole at 1280x800 for a 4-level table (with 0.64 only its
        // entry and IOVA were in view, with 0.70 the Changed column was half out); the map keeps its least width.
        split.setDividerPositions(TREE_SHARE);
        keepTreeShare(split);
        VBox tab = new VBox(bar, split, status);
        VBox.setVgrow(split, Priority.ALWAYS);
        tab.setMinSize(0, 0);
        root.setCenter(tab);
        vm.snapshotProperty().addListener((o, a, s) -> show(s));
    }

    /**
     * Puts the divider back at {@link #TREE_SHARE} whenever the split's width changes, until the user drags it: laid
     * out first in a narrow window (a window manager shows it before maximising it), the map's least width pushed
     * the divider left and it stayed there, leaving the tree its entry column only at 1280x800.
     */
    private static void keepTreeShare(SplitPane split) {
        boolean[] dragged = {false};
        io.ioptexplorer.app.main.ExplorerLayout.afterDividerDrag(split, () -> dragged[0] = true);
        split.widthProperty().addListener((o, was, now) -> {
            if (!dragged[0]) {
                split.setDividerPositions(TREE_SHARE);
            }
        });
    }

    public BorderPane root() {
        return root;
    }

    /** Puts the keyboard in the find field (Ctrl+F). */
    public void focusFind() {
        find.requestFocus();
        find.selectAll();
    }

    /** The entry inspector, for the window's right-hand pane. */
    public javafx.scene.Node inspectorNode() {
        return inspector.root();
    }

    /** How to bring this tab to the front (the window sets it). */
    public void setShowTab(Runnable show) {
        this.showTab = show;
    }

    /** "Go to the entry" of HWPT {@code hwptId} (-1: the one shown) that maps {@code iova}: shows this tab. */
    public void goToEntry(int hwptId, long iova) {
        showTab.run();
        vm.goToIova(hwptId, iova);
    }

    /** "Go to the entry" an event of the timeline is about (its HWPT and IOVA): shows this tab. */
    public void goToEvent(long seq) {
        showTab.run();
        vm.goToEvent(seq);
    }

    PageTableTree tree() {
        return tree;
    }

    IovaMapView map() {
        return map;
    }

    IotlbView iotlb() {
        return iotlb;
    }

    EntryInspectorView inspector() {
        return inspector;
    }

    /** Shows the IOTLB (true) or the tree (false) beside the map. */
    public void showIotlb(boolean iotlbShown) {
        (iotlbShown ? iotlbButton : treeButton).setSelected(true);
    }

    private void show(PageTableSnapshot s) {
        if (s == null) {
            return;
        }
        // Every HWPT of the machine is listed; the one shown (the choice, else the one in focus) is the value. Not a
        // choice of the user's: replacing the items set the value to the first HWPT, whose action then chose it, and
        // the tab stopped following the focus (mixed-host sample, after the hot-plug).
        showing = true;
        try {
            if (!hwpts.getItems().equals(s.hwpts())) {
                hwpts.getItems().setAll(s.hwpts());
            }
            if (s.hwpt() != null && !s.hwpt().equals(hwpts.getValue())) {
                hwpts.setValue(s.hwpt());
            }
        } finally {
            showing = false;
        }
        walkLine.setText(describe(s));
        // A stale IOTLB entry answering is the hazard the tool teaches: the line says it in the warning colour.
        walkLine.getStyleClass().remove("stale-text");
        if (s.walk() == null && s.hit() != null && s.hit().stale()) {
            walkLine.getStyleClass().add("stale-text");
        }
        walkWhole.setText(describe(s) + " · " + moment(s));
    }


    /** Where the machine is: "inside step 8 (dma), event 41 walk-step", "after step 3 (map)". */
    static String moment(PageTableSnapshot s) {
        PageTableSnapshot.Inside in = s.inside();
        // Steps are numbered from 1 on screen, as in the step list.
        return in != null ? "inside step " + (in.step() + 1) + " (" + in.stepOp() + "), event " + in.seq() + " "
            + in.kind() : s.step() < 0 ? "before the first step" : "after step " + (s.step() + 1) + " ("
            + s.stepOp() + ")";
    }

    /**
     * "HWPT 3 · nic0 · vtdss-4level", "HWPT 5 (allocating) · nic0 · riscv-sv48": the device before the format, so
     * that a chooser cut short still says whose table it is; the IOMMU is in the tooltip ({@link HwptInfo#label()})
     * and the tree's root row, not here (with it the chooser was cut at 1280x800). A HWPT being allocated says so
     * next to its number, in one word: "· being allocated" at the end was cut off at 1280x800.
     */
    static String shortLabel(HwptInfo h) {
        return "HWPT " + h.id() + (h.beingAllocated() ? " (allocating)" : "") + " · "
            + (h.devices().isEmpty() ? "no device" : String.join(", ", h.devices())) + " · " + h.format();
    }

    /**
     * "IOTLB hit, no walk: vtd0 answered 0x2000000 from its entry for the 4 KiB leaf L0[0] (selected), cached dirty."
     * When the entry is stale, why, and what that costs: the hazard the stale-IOTLB sample tells. Short: at 1280x800 a
     * longer line took four lines of the tree's height.
     */
    static String hitLine(io.ioptexplorer.viewmodel.pagetable.CachedHit c) {
        var h = c.hit();
        WalkLevel end = c.end();
        String at = Hex.entry(end.level(), end.index(), end.index());
        StringBuilder b = new StringBuilder("IOTLB hit, no walk: ").append(h.unit()).append(" answered ")
            .append(Hex.of(h.iova())).append(" from its entry for ");
        if (c.path().reachedLeaf()) {
            b.append("the ").append(Sizes.of(h.leafSize())).append(" leaf ").append(at).append(" (selected)");
        } else {
            b.append("a ").append(Sizes.of(h.leafSize())).append(" leaf at ").append(Hex.of(h.leafIova()))
                .append(" the table no longer maps (selected: ").append(at).append(", where a walk stops)");
        }
        b.append(", cached ").append(h.cachedDirty() ? "dirty" : "clean").append('.');
        if (c.stale()) {
            b.append(" STALE: ").append(c.line().staleWhy()).append('.');
        } else if (c.line() == null) {
            b.append(" The entry is no longer cached.");
        }
        return b.toString();
    }

    /**
     * What the tree's lit or selected rows are: the walk (of the DMA paused inside, of the last DMA step, of a find),
     * the entry the event paused inside wrote, or why there is none. The moment is {@link #moment}'s.
     */
    static String describe(PageTableSnapshot s) {
        PageTableSnapshot.Inside in = s.inside();
        int setUp = s.hwptBeingSetUp();
        if (setUp >= 0) {
            return "HWPT " + setUp + " is being allocated: IOMMU_HWPT_ALLOC sets up its root table"
                + (s.hwpt() == null ? "." : "; the tree shows HWPT " + s.hwpt().id() + ".");
        }
        if (s.hwpt() == null) {
            return "No paging HWPT at this moment.";
        }
        WalkTrace w = s.walk();
        if (w == null && s.written() != null && in != null) {
            WalkLevel l = s.written().end();
            String at = Hex.entry(l.level(), l.index(), l.index());
            // "At", not "Paused at": while the machine plays, the line follows the moments it shows too
            return s.written().linked() ? "At the " + in.kind() + " of " + at + " (selected)."
                : "At the " + in.kind() + " of entry " + s.written().index() + " of table "
                + Hex.of(s.written().tablePa()) + " (not linked in now); selected: " + at + ", the entry in its place.";
        }
        if (w == null && s.hwpt().beingAllocated()) {
            return "HWPT " + s.hwpt().id() + " is being allocated: IOMMU_HWPT_ALLOC maps the IOAS into its new page "
                + "table, entry by entry.";
        }
        if (w == null && s.hit() != null) {
            return hitLine(s.hit());
        }
        if (w == null && in != null && in.kind().equals("iotlb-hit")) {
            // A hit has no walk: say why the tree shows none rather than only how to get one.
            return "At the iotlb-hit: the IOTLB held this translation, so the IOMMU did not walk the table (a miss "
                + "walks it: F7 stops at each walk-step).";
        }
        if (w == null) {
            // Inside a DMA too: the walk shows at its walk-step events.
            return "No walk at this moment: F7 stops at each walk-step, Ctrl+F walks an IOVA.";
        }
        StringBuilder b = new StringBuilder("Walk of ").append(Hex.of(w.iova())).append(s.walkLive() ? " so far: "
            : ": ");
        for (WalkLevel l : w.levels()) {
            b.append(Hex.entry(l.level(), l.index(), l.index())).append(" → ");
        }
        if (w.reachedLeaf()) {
            b.append(Sizes.of(w.leafSize())).append(" leaf, output ").append(Hex.of(w.physAddr()));
        } else {
            b.append(w.stoppedWhy().startsWith("paused") ? "" : "stopped: ").append(w.stoppedWhy());
        }
        return b.toString();
    }

}

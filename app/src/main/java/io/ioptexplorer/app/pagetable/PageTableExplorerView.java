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
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The page tables on screen: the HWPT chooser and find-by-IOVA on top; the radix tree with the IOVA map and the
 * IOTLBs beside it. The entry inspector is a separate node the window puts in its right-hand pane while this tab
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
    private final Label message = new Label();
    private final ComboBox<HwptInfo> hwpts = new ComboBox<>();
    private final TabPane side = new TabPane();
    private Runnable showTab = () -> { };

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
        hwpts.setPromptText("no HWPT yet");
        hwpts.setMinWidth(Region.USE_PREF_SIZE);
        hwpts.setPrefWidth(240);
        // A converter, not a custom button cell: with one, the closed chooser showed neither value nor prompt.
        hwpts.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(HwptInfo h) {
                return h == null ? "" : h.label();
            }

            @Override
            public HwptInfo fromString(String text) {
                return null;
            }
        });
        hwpts.setOnAction(e -> {
            HwptInfo h = hwpts.getValue();
            PageTableSnapshot s = vm.snapshotProperty().get();
            if (h != null && s != null && (s.hwpt() == null || s.hwpt().id() != h.id())) {
                vm.chooseHwpt(h.id());
            }
        });
        find.setId("find-iova");
        find.setPromptText("Find IOVA (Ctrl+F), e.g. 0x280000");
        find.setPrefColumnCount(16);
        find.setMinWidth(Region.USE_PREF_SIZE);
        find.setOnAction(e -> vm.find(find.getText()).thenAccept(w -> {
            if (w != null) {
                tree.reveal(w);
            }
        }));
        message.setId("pt-message");
        message.getStyleClass().add("problem-text");
        message.textProperty().bind(vm.messageProperty());
        walkLine.setId("walk-line");
        walkLine.setWrapText(true);
        Label hwptLabel = new Label("HWPT");
        hwptLabel.setMinWidth(Region.USE_PREF_SIZE);
        message.setWrapText(true);
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox top = new HBox(10, hwptLabel, hwpts, find, message);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(6, top, walkLine);
        header.setPadding(new Insets(8));
        root.setTop(header);

        javafx.scene.control.ScrollPane iotlbScroll = new javafx.scene.control.ScrollPane(iotlb.root());
        iotlbScroll.setFitToWidth(true);
        javafx.scene.control.ScrollPane mapScroll = new javafx.scene.control.ScrollPane(map.root());
        mapScroll.setFitToWidth(true);
        mapScroll.setFitToHeight(true);
        side.getTabs().addAll(tab("IOVA map", mapScroll), tab("IOTLB", iotlbScroll));
        side.setId("pt-side-tabs");
        SplitPane split = new SplitPane(tree.view(), side);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.6);
        root.setCenter(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        vm.snapshotProperty().addListener((o, a, s) -> show(s));
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
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

    TabPane sideTabs() {
        return side;
    }

    private void show(PageTableSnapshot s) {
        if (s == null) {
            return;
        }
        if (!hwpts.getItems().equals(s.hwpts())) {
            hwpts.getItems().setAll(s.hwpts());
        }
        // Every HWPT of the machine is listed; the one shown (the choice, else the one in focus) is the value.
        if (s.hwpt() != null && !s.hwpt().equals(hwpts.getValue())) {
            hwpts.setValue(s.hwpt());
        }
        walkLine.setText(describe(s));
    }

    static String describe(PageTableSnapshot s) {
        PageTableSnapshot.Inside in = s.inside();
        // Steps are numbered from 1 on screen, as in the step list.
        String moment = in != null ? "Inside step " + (in.step() + 1) + " (" + in.stepOp() + "), event " + in.seq()
            + " " + in.kind() : s.step() < 0 ? "Before the first step" : "After step " + (s.step() + 1) + " ("
            + s.stepOp() + ")";
        if (s.hwpt() == null) {
            return moment + ": no paging HWPT yet.";
        }
        WalkTrace w = s.walk();
        if (w == null) {
            return moment + ".";
        }
        StringBuilder b = new StringBuilder(moment).append(": walk of ")
            .append(Hex.of(w.iova())).append(s.walkLive() ? " so far: " : ": ");
        for (WalkLevel l : w.levels()) {
            b.append("L").append(l.level()).append("[").append(l.index()).append("] → ");
        }
        if (w.reachedLeaf()) {
            b.append(Sizes.of(w.leafSize())).append(" leaf, output ").append(Hex.of(w.physAddr()));
        } else {
            b.append(w.stoppedWhy().startsWith("paused") ? "" : "stopped: ").append(w.stoppedWhy());
        }
        return b.toString();
    }

}

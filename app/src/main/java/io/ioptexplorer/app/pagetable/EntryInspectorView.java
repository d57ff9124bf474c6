package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.inspect.EncodedLeaf;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.inspect.Sizes;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.viewmodel.pagetable.EntryDetail;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.viewmodel.pagetable.EntryWrite;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The selected entry: its 64 bits as a diagram drawn from the format's decoding, the hovered or selected field's
 * meaning and status, the raw value, output address, size and IOVA range, what changed since the previous moment,
 * the IOTLB entries caching it, and, on request, the same mapping encoded in every format family.
 */
final class EntryInspectorView {
    private final VBox box = new VBox(8);
    private static final String NONE = "Select an entry in the tree, or a cell of the IOVA map, to see its bits";
    private final Label title = new Label(NONE);
    private final BitDiagram diagram = new BitDiagram(22);
    private final Label fieldInfo = new Label(" ");
    private final GridPane facts = new GridPane();
    private final VBox iotlb = new VBox(2);
    private final ToggleButton everyFormat = new ToggleButton("The same mapping in every format");
    private final FlowPane formats = new FlowPane(12, 12);
    private final VBox history = new VBox(2);
    private final VBox root;
    private final PageTableViewModel vm;
    private EntryDetail shown;

    EntryInspectorView(PageTableViewModel vm) {
        this.vm = vm;
        box.setPadding(new Insets(0));
        box.setId("entry-inspector");
        title.getStyleClass().add("pane-title");
        title.setWrapText(true);
        diagram.setId("bit-diagram");
        fieldInfo.setId("field-info");
        fieldInfo.setWrapText(true);
        fieldInfo.setMinHeight(40);
        facts.setHgap(10);
        facts.setVgap(3);
        everyFormat.setId("every-format-toggle");
        formats.setId("every-format");
        formats.managedProperty().bind(everyFormat.selectedProperty());
        formats.visibleProperty().bind(everyFormat.selectedProperty());
        everyFormat.selectedProperty().addListener((o, a, b) -> showFormats());
        diagram.hoveredField().addListener((o, a, b) -> describeField());
        diagram.selectedField().addListener((o, a, b) -> describeField());
        history.setId("entry-history");
        Label historyTitle = new Label("History: the events that wrote it (among the last 1 M events), newest first; click one to go "
            + "there");
        historyTitle.setWrapText(true);
        // Until an entry is selected, only the title: 64 zero bits and empty sections read as an entry of zeros.
        VBox details = new VBox(8, diagram, fieldInfo, facts, new Label("IOTLB"), iotlb, historyTitle, history,
            everyFormat, formats);
        details.visibleProperty().bind(vm.detailProperty().isNotNull());
        details.managedProperty().bind(details.visibleProperty());
        box.getChildren().addAll(title, details);
        root = box;
        // The diagram fits the pane's width (16 bits a row), and grows with the presentation scale.
        box.widthProperty().addListener((o, a, w) -> fitDiagram());
        StageScale.property().addListener((o, a, b) -> fitDiagram());
        vm.detailProperty().addListener((o, a, d) -> show(d));
    }

    private void fitDiagram() {
        double scale = StageScale.get();
        double byWidth = box.getWidth() > 0 ? (box.getWidth() - 18) / BitLayout.BITS_PER_ROW : 22;
        diagram.setCell(Math.floor(Math.max(14 * scale, Math.min(30 * scale, byWidth))));
    }

    VBox root() {
        return root;
    }

    VBox history() {
        return history;
    }

    BitDiagram diagram() {
        return diagram;
    }

    private void show(EntryDetail d) {
        shown = d;
        facts.getChildren().clear();
        iotlb.getChildren().clear();
        history.getChildren().clear();
        if (d == null) {
            title.setText(NONE);
            diagram.show(List.of(), 0, 0, 0, Set.of());
            fieldInfo.setText(" ");
            showFormats();
            return;
        }
        PtRow r = d.row();
        title.setText(d.format() + " · level " + r.level() + " " + kindWord(r) + " · entry " + r.firstIndex()
            + " of table " + Hex.of(r.tablePa()));
        Set<String> dirtyFields = new HashSet<>();
        for (EncodedLeaf e : d.sameMapping()) {
            if (e.format().equals(d.format())) {
                dirtyFields.addAll(e.dirtyFields());
            }
        }
        diagram.show(d.fields(), r.raw(), d.bitsSet(), d.bitsCleared(), dirtyFields);
        int row = 0;
        row = fact(row, "Raw", IovaMath.hex16(r.raw()));
        if (r.kind() == PtRow.Kind.TABLE) {
            row = fact(row, "Next table", Hex.of(r.outputAddress()));
        } else if (r.kind() == PtRow.Kind.LEAVES) {
            row = fact(row, "Output", Hex.of(r.outputAddress()) + " (" + Sizes.of(r.leafSize()) + ")");
            row = fact(row, "State", Hex.state(r) + " — " + d.dirtyMechanism());
        }
        row = fact(row, "IOVA", Hex.range(r.firstIova(), r.kind() == PtRow.Kind.LEAVES
            ? r.firstIova() + r.leafSize() - 1 : r.lastIova()));
        if (d.bitsSet() != 0 || d.bitsCleared() != 0) {
            fact(row, "Changed", changed(d.previousRaw(), d.bitsSet(), d.bitsCleared(), d.fields()));
        }
        if (d.cachedBy().isEmpty()) {
            iotlb.getChildren().add(new Label(r.kind() == PtRow.Kind.LEAVES ? "not cached in any IOTLB" : "—"));
        }
        for (IotlbLine l : d.cachedBy()) {
            Label line = new Label("set " + l.set() + " way " + l.way() + ": cached " + (l.cachedDirty() ? "dirty"
                : "clean") + (l.stale() ? " — STALE: " + l.staleWhy() : ""));
            line.setWrapText(true);
            if (l.stale()) {
                line.getStyleClass().add("stale-text");
            }
            iotlb.getChildren().add(line);
        }
        if (d.history().isEmpty()) {
            history.getChildren().add(new Label("no write of it on the timeline up to now"));
        }
        for (EntryWrite w : d.history()) {
            Hyperlink link = new Hyperlink(historyLine(w));
            link.setWrapText(true);
            link.getStyleClass().add("history-line");
            link.setUserData(w);
            link.setOnAction(e -> vm.goToWrite(w));
            history.getChildren().add(link);
        }
        describeField();
        showFormats();
    }

    /**
     * "step 8 · event 572 · collapsed table …", numbered from 1 as the step list is; a write of the topology's setup
     * (before the first step) says "setup", as the timeline's lane does (it read "step 0").
     */
    static String historyLine(EntryWrite w) {
        return (w.step() < 0 ? "setup" : "step " + (w.step() + 1)) + " · event " + w.seq() + " · " + w.text();
    }

    private static String kindWord(PtRow r) {
        return r.kind() == PtRow.Kind.TABLE ? "table entry" : r.kind() == PtRow.Kind.EMPTY ? "empty entry"
            : Sizes.of(r.leafSize()) + " leaf";
    }

    /**
     * What changed in the entry since the previous moment, by field: "set D, A; cleared none", "written: it was empty",
     * "set Address (bits 21, 19); cleared Address (bit 20)". Bit by bit a new leaf read "bits set 40 (Address), 21
     * (Address), 19 (Address), 8 (A), 1 (W), 0 (R)".
     */
    static String changed(long before, long set, long cleared,
                          java.util.List<io.ioptexplorer.hardware.pagetable.EntryField> fields) {
        if (before == 0) {
            return "written since the previous moment: it was empty (all bits 0)";
        }
        return "set " + byField(set, fields) + "; cleared " + byField(cleared, fields) + " since the previous moment";
    }

    /** "D, A" for one-bit fields, "Address (bits 21, 19)" for a wider one; "none" for no bit. */
    static String byField(long mask, java.util.List<io.ioptexplorer.hardware.pagetable.EntryField> fields) {
        if (mask == 0) {
            return "none";
        }
        java.util.Map<String, java.util.List<Integer>> named = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> widths = new java.util.HashMap<>();
        for (int i = 63; i >= 0; i--) {
            if ((mask >>> i & 1) == 0) {
                continue;
            }
            String name = "bit " + i;
            int width = 1;
            for (var f : fields) {
                if (i >= f.loBit() && i <= f.hiBit()) {
                    name = f.name();
                    width = f.width();
                    break;
                }
            }
            named.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(i);
            widths.put(name, width);
        }
        StringBuilder b = new StringBuilder();
        for (var e : named.entrySet()) {
            b.append(b.isEmpty() ? "" : ", ").append(e.getKey());
            if (widths.get(e.getKey()) > 1) {
                b.append(e.getValue().size() == 1 ? " (bit " : " (bits ").append(e.getValue().stream()
                    .map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))).append(')');
            }
        }
        return b.toString();
    }

    private int fact(int row, String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("row-head");
        n.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // names stay whole in a narrow pane
        Label v = new Label(value);
        v.setWrapText(true);
        facts.addRow(row, n, v);
        return row + 1;
    }

    private void describeField() {
        int i = diagram.hoveredField().get() >= 0 ? diagram.hoveredField().get() : diagram.selectedField().get();
        List<EntryField> fs = diagram.fields();
        if (i < 0 || i >= fs.size()) {
            fieldInfo.setText("Hover or click a field to see its bits and meaning.");
            return;
        }
        EntryField f = fs.get(i);
        String value = f.width() >= 8 ? Hex.of(f.value()) : Long.toString(f.value());
        fieldInfo.setText(f.name() + " (bit" + (f.width() == 1 ? " " + f.loBit() : "s " + f.hiBit() + ":"
            + f.loBit()) + ") = " + value + ": " + f.meaning() + " — " + f.status().name().toLowerCase());
    }

    private void showFormats() {
        formats.getChildren().clear();
        if (!everyFormat.isSelected() || shown == null) {
            return;
        }
        if (shown.sameMapping().isEmpty()) {
            formats.getChildren().add(new Label("Only a leaf has an encoding in other formats."));
            return;
        }
        for (EncodedLeaf e : shown.sameMapping()) {
            VBox one = new VBox(4);
            Label name = new Label(e.family() + (e.upstreamDirty() ? "" : " (no upstream dirty ops)"));
            name.getStyleClass().add("row-head");
            one.getChildren().add(name);
            if (!e.encodable()) {
                one.getChildren().add(new Label(e.note()));
            } else {
                BitDiagram d = new BitDiagram(Math.round(14 * StageScale.get()));
                d.show(e.fields(), e.raw(), 0, 0, Set.copyOf(e.dirtyFields()));
                one.getChildren().addAll(new Label(String.format("level %d%s · %s", e.level(), e.slots() > 1
                    ? " · " + e.slots() + " replicated slots" : "", IovaMath.hex16(e.raw()))), d,
                    new Label(e.dirtyMechanism()));
            }
            formats.getChildren().add(one);
        }
    }
}

package io.ioptexplorer.app.inspector;

import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.inspector.EventDetails;
import io.ioptexplorer.viewmodel.inspector.InspectorViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The inspector's section for the event in focus: kind, kernel name, subject, text and every field. */
public final class EventInspectorView {
    private final VBox box = new VBox(4);
    private LongConsumer goToEntry;
    /*
     * The nodes are made once and only their texts change: while a large sample plays the event in focus changes at
     * every frame, and new labels each time cost the JavaFX thread their CSS and layout at every frame (issue 11).
     */
    private final Label none = label("Between steps. Step into (F7) to stop inside the next event, or click a line "
            + "of the event log.", "row-body");
    private final Label head = label("", "row-head");
    private final Label where = label("", "row-body");
    private final Label text = label("", null);
    private final Label subject = label("", "row-body");
    private final VBox fields = new VBox(4);
    private final Button go = new Button("Go to the entry");
    private long shownSeq;

    {
        head.setId("event-inspector-head");
        go.setId("event-go-to-entry");
        go.setOnAction(x -> goToEntry.accept(shownSeq));
    }

    public EventInspectorView(InspectorViewModel vm) {
        box.setId("event-inspector");
        vm.eventProperty().addListener((o, a, b) -> show(b));
        show(vm.eventProperty().get());
    }

    public VBox root() {
        return box;
    }

    /** Offers "Go to the entry" on events about an IOVA of a HWPT; {@code go} receives the event's seq. */
    public void setOnGoToEntry(LongConsumer go) {
        this.goToEntry = go;
    }

    private static Label label(String s, String styleClass) {
        Label l = new Label(s);
        l.setWrapText(true);
        if (styleClass != null) {
            l.getStyleClass().add(styleClass);
        }
        return l;
    }

    private void show(EventDetails e) {
        if (e == null) {
            box.getChildren().setAll(none);
            return;
        }
        shownSeq = e.seq();
        head.setText(e.kind() + "  ·  " + e.name());
        where.setText("event " + e.seq() + ", step " + (e.step() + 1) + ", at " + Units.formatTime(e.timeNs()));
        text.setText(e.text());
        subject.setText(e.subject());
        var fieldLabels = fields.getChildren();
        while (fieldLabels.size() < e.fields().size()) {
            fieldLabels.add(label("", "mono"));
        }
        if (fieldLabels.size() > e.fields().size()) {
            fieldLabels.remove(e.fields().size(), fieldLabels.size());
        }
        for (int i = 0; i < e.fields().size(); i++) {
            ((Label) fieldLabels.get(i)).setText(e.fields().get(i));
        }
        boolean aboutAnEntry = e.fields().stream().anyMatch(f -> f.startsWith("hwpt = "))
                && e.fields().stream().anyMatch(f -> f.startsWith("iova = "));
        List<Node> shown = new ArrayList<>(List.of(head, where, text));
        if (!e.subject().isEmpty()) {
            shown.add(subject);
        }
        shown.add(fields);
        if (goToEntry != null && aboutAnEntry) {
            shown.add(go);
        }
        if (!box.getChildren().equals(shown)) {
            box.getChildren().setAll(shown);
        }
    }
}

package io.ioptexplorer.app.inspector;

import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.inspector.EventDetails;
import io.ioptexplorer.viewmodel.inspector.InspectorViewModel;
import java.util.function.LongConsumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The inspector's section for the event in focus: kind, kernel name, subject, text and every field. */
public final class EventInspectorView {
    private final VBox box = new VBox(4);
    private LongConsumer goToEntry;

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

    private void show(EventDetails e) {
        box.getChildren().clear();
        if (e == null) {
            Label none = new Label("Between steps. Step into (F7) to stop inside the next event, or click a line of "
                    + "the event log.");
            none.setWrapText(true);
            none.getStyleClass().add("row-body");
            box.getChildren().add(none);
            return;
        }
        Label head = new Label(e.kind() + "  ·  " + e.name());
        head.setId("event-inspector-head");
        head.getStyleClass().add("row-head");
        head.setWrapText(true);
        Label where = new Label("event " + e.seq() + ", step " + (e.step() + 1) + ", at "
                + Units.formatTime(e.timeNs()));
        where.getStyleClass().add("row-body");
        Label text = new Label(e.text());
        text.setWrapText(true);
        box.getChildren().addAll(head, where, text);
        if (!e.subject().isEmpty()) {
            Label subject = new Label(e.subject());
            subject.setWrapText(true);
            subject.getStyleClass().add("row-body");
            box.getChildren().add(subject);
        }
        for (String f : e.fields()) {
            Label l = new Label(f);
            l.getStyleClass().add("mono");
            l.setWrapText(true);
            box.getChildren().add(l);
        }
        boolean aboutAnEntry = e.fields().stream().anyMatch(f -> f.startsWith("hwpt = "))
                && e.fields().stream().anyMatch(f -> f.startsWith("iova = "));
        if (goToEntry != null && aboutAnEntry) {
            Button go = new Button("Go to the entry");
            go.setId("event-go-to-entry");
            go.setOnAction(x -> goToEntry.accept(e.seq()));
            box.getChildren().add(go);
        }
    }
}

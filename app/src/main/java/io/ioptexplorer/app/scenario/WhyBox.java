package io.ioptexplorer.app.scenario;

import io.ioptexplorer.hardware.explain.Why;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** One "why" explanation as the result pane shows it: title, text, whether upstream or a proposal, and sources. */
final class WhyBox {
    private WhyBox() {
    }

    static VBox of(Why w) {
        Label title = new Label(w.title());
        title.getStyleClass().add("why-title");
        title.setWrapText(true);
        Label text = new Label(w.text());
        text.setWrapText(true);
        Label status = new Label(switch (w.status()) {
            case UPSTREAM -> "Upstream behaviour";
            case PROPOSAL -> "A proposal from the mailing-list threads, not upstream";
            case UNVERIFIED -> "Unverified against the sources";
        });
        status.getStyleClass().add(w.status() == Why.Status.UPSTREAM ? "row-body" : "why-caveat");
        Label sources = new Label("Sources: " + String.join("; ", w.sources()));
        sources.setWrapText(true);
        sources.getStyleClass().add("row-body");
        VBox box = new VBox(4, title, text, status, sources);
        box.getStyleClass().add("why-box");
        box.setId("why-" + w.key());
        return box;
    }
}

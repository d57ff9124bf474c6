package io.ioptexplorer.app.topology;

import io.ioptexplorer.viewmodel.topology.TopologyDiagramViewModel;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/** The topology diagram, and the details of the item clicked on it. */
public final class TopologyDiagramView {
    private final BorderPane root = new BorderPane();
    private final TopologyCanvas canvas;

    public TopologyDiagramView(TopologyDiagramViewModel vm) {
        canvas = new TopologyCanvas(vm);
        Pane holder = new Pane(canvas);
        holder.setMinSize(0, 0);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        ListView<String> details = new ListView<>();
        details.setId("topology-details");
        details.setPrefHeight(130);
        root.setCenter(holder);
        root.setBottom(details);
        root.setId("topology-view");
        Runnable refresh = () -> {
            canvas.redraw();
            details.getItems().setAll(vm.details());
        };
        vm.snapshotProperty().addListener(o -> refresh.run());
        vm.selectedProperty().addListener(o -> refresh.run());
        canvas.widthProperty().addListener(o -> canvas.redraw());
        canvas.heightProperty().addListener(o -> canvas.redraw());
        canvas.setOnMouseClicked(e -> vm.selectedProperty().set(canvas.itemAt(e.getX(), e.getY())));
        refresh.run();
    }

    public Region root() {
        return root;
    }

    TopologyCanvas canvas() {
        return canvas;
    }
}

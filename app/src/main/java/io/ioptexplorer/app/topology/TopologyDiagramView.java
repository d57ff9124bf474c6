package io.ioptexplorer.app.topology;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.viewmodel.topology.DmaActivity;
import java.util.HashMap;
import java.util.Map;
import javafx.animation.AnimationTimer;
import io.ioptexplorer.viewmodel.topology.TopologyDiagramViewModel;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;

/**
 * The topology diagram, and the details of the item clicked on it. DMA paths light up when a snapshot brings traffic
 * on them and fade over {@link #FADE_SECONDS} once it stops (an animation runs only while a path is lit).
 */
public final class TopologyDiagramView {
    static final double FADE_SECONDS = 1.2;
    /** The fade in use (tests on a loaded host lengthen it to read the lit pixels). */
    static double fadeSeconds = FADE_SECONDS;
    private final BorderPane root = new BorderPane();
    private final TopologyCanvas canvas;
    private final Map<String, Double> heat = new HashMap<>();
    private final Map<String, Long> traffic = new HashMap<>();
    private long lastFrameNs = -1;
    private final AnimationTimer fade = new AnimationTimer() {
        @Override
        public void handle(long now) {
            double dt = lastFrameNs < 0 ? 0 : (now - lastFrameNs) / 1e9;
            lastFrameNs = now;
            heat.replaceAll((id, h) -> Math.max(0, h - dt / fadeSeconds));
            heat.values().removeIf(h -> h <= 0);
            canvas.setHeat(heat, traffic);
            canvas.redraw();
            if (heat.isEmpty()) {
                stop();
                lastFrameNs = -1;
            }
        }
    };

    public TopologyDiagramView(TopologyDiagramViewModel vm) {
        canvas = new TopologyCanvas(vm);
        // as wide as the pane; as tall as the pane, or taller (then it scrolls) when the boxes need more
        ScrollPane holder = new ScrollPane(canvas);
        holder.setId("topology-scroll");
        holder.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        holder.setMinSize(0, 0);
        holder.viewportBoundsProperty().addListener((o, was, b) -> canvas.fitViewport(b.getWidth(), b.getHeight()));
        ListView<String> details = new ListView<>();
        details.setId("topology-details");
        details.setMinHeight(0);
        SplitPane split = new SplitPane(holder, details);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.8); // the diagram first; the details pane can be dragged taller
        SplitPane.setResizableWithParent(details, false);
        root.setCenter(split);
        root.setId("topology-view");
        Runnable refresh = () -> {
            canvas.fitViewport(holder.getViewportBounds().getWidth(), holder.getViewportBounds().getHeight());
            details.getItems().setAll(vm.details());
        };
        vm.snapshotProperty().addListener((o, was, now) -> {
            if (was == null || !was.topology().equals(now.topology())) {
                refresh.run(); // not on the per-frame snapshots of a round under way, which only move the lanes
            }
        });
        vm.selectedProperty().addListener(o -> refresh.run());
        canvas.setOnMouseClicked(e -> vm.selectedProperty().set(canvas.itemAt(e.getX(), e.getY())));
        StageScale.property().addListener(o -> refresh.run());
        vm.activityProperty().addListener((o, was, now) -> light(now));
        refresh.run();
    }

    public Region root() {
        return root;
    }

    /** Paths with traffic in this snapshot go fully lit; the others keep fading. */
    private void light(DmaActivity a) {
        boolean any = false;
        for (var e : a.byDevice().entrySet()) {
            if (e.getValue() > 0) {
                heat.put(e.getKey(), 1.0);
                traffic.put(e.getKey(), e.getValue());
                any = true;
            }
        }
        if (any) {
            canvas.setHeat(heat, traffic);
            canvas.redraw();
            fade.start();
        }
    }

    /** How lit a device's path is now (0..1), for tests. */
    double heatOf(String device) {
        return heat.getOrDefault(device, 0.0);
    }

    TopologyCanvas canvas() {
        return canvas;
    }
}

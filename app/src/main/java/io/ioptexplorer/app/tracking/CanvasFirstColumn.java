package io.ioptexplorer.app.tracking;

import javafx.scene.Node;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.Region;

/**
 * The lanes above, the page trace below, and the lanes keep their room: the trace gets only what is left once the
 * lanes have their comfortable height (at most its own preferred height, at least its title), and the lanes take
 * everything else up to the most their bars can use; beyond that, an open trace takes the rest. A VBox or a BorderPane shares a shortage between the two, which at 2x left the lanes no height at
 * all; a SplitPane keeps a proportion, which at 1x gave the trace the height the lanes needed.
 */
final class CanvasFirstColumn extends Region {
    private final Region lanes;
    private final TitledPane trace;

    CanvasFirstColumn(Region lanes, TitledPane trace) {
        this.lanes = lanes;
        this.trace = trace;
        getChildren().addAll(lanes, trace);
        setMinWidth(0);
    }

    /**
     * How tall the trace is laid out in {@code height}: what the lanes leave, within its minimum and preferred; and
     * when open, also whatever the lanes cannot use past {@code lanesMax}.
     */
    static double traceHeight(double height, double lanesPref, double lanesMax, double traceMin, double tracePref,
                              boolean open) {
        double t = Math.max(traceMin, Math.min(tracePref, height - lanesPref));
        return open ? Math.max(t, height - lanesMax) : t;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        double t = snapSizeY(traceHeight(h, lanes.prefHeight(w), lanes.maxHeight(w), trace.minHeight(w),
                trace.prefHeight(w), trace.isExpanded()));
        double x = snappedLeftInset();
        double y = snappedTopInset();
        lanes.resizeRelocate(x, y, w, Math.max(0, h - t));
        trace.resizeRelocate(x, y + Math.max(0, h - t), w, t);
    }

    @Override
    protected double computeMinHeight(double width) {
        return lanes.minHeight(width) + trace.minHeight(width) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return lanes.prefHeight(width) + trace.prefHeight(width) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return 0;
    }

    @Override
    protected double computePrefWidth(double height) {
        return Math.max(lanes.prefWidth(-1), trace.prefWidth(-1));
    }

    Node lanes() {
        return lanes;
    }
}

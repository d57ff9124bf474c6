package io.ioptexplorer.app.migration;

import io.ioptexplorer.app.stage.StageScale;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.chart.Chart;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;

/**
 * How the dashboard's two halves (the round charts with the rounds in words; the state machine with the
 * verification) share the pane: side by side when the pane is wide enough for both at the presentation scale, else
 * one above the other; each part keeps a least height that grows with the scale, and the whole scrolls when the pane
 * is shorter than that, so the charts are never squeezed flat at 2x (issue 14's presenter) nor at 1x.
 */
final class DashboardSections {
    /** The least height of one chart at scale 1: its title, a plot a few grid lines tall, its axis and legend. */
    static final double CHART_MIN = 250;
    /** The least height of the state machine and of the verification, at scale 1. */
    static final double FSM_MIN = 260;
    static final double VERIFICATION_MIN = 170;
    /** Rows of the rounds-in-words list kept visible. */
    static final int ROUND_ROWS = 4;
    /** Side by side from this pane width on, at scale 1 (each half needs about half of it to stay legible). */
    static final double SIDE_BY_SIDE_WIDTH = 1000;

    private final ScrollPane root;
    private final SplitPane split = new SplitPane();
    private final Region charts;
    private final Region machine;
    private final List<? extends Chart> chartNodes;
    private final ListView<?> rounds;
    private final Region fsm;
    private final Region verification;

    DashboardSections(Region charts, Region machine, List<? extends Chart> chartNodes, ListView<?> rounds, Region fsm,
                      Region verification) {
        this.charts = charts;
        this.machine = machine;
        this.chartNodes = chartNodes;
        this.rounds = rounds;
        this.fsm = fsm;
        this.verification = verification;
        split.getItems().setAll(charts, machine);
        split.setId("dashboard-sections");
        split.setDividerPositions(0.58);
        root = new ScrollPane(split);
        root.setId("dashboard-scroll");
        root.setFitToWidth(true);
        root.setFitToHeight(true); // the sections fill the pane, down to their least height; below it, it scrolls
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.viewportBoundsProperty().addListener((o, was, b) -> arrange(b.getWidth()));
        StageScale.property().addListener(o -> arrange(root.getViewportBounds().getWidth()));
        arrange(0);
    }

    ScrollPane root() {
        return root;
    }

    /** Whether the halves are side by side (false: stacked). */
    boolean sideBySide() {
        return split.getOrientation() == Orientation.HORIZONTAL;
    }

    private void arrange(double width) {
        double k = StageScale.get();
        for (Chart c : chartNodes) {
            c.setMinHeight(CHART_MIN * k);
        }
        double row = 24 * k;
        rounds.setMinHeight(ROUND_ROWS * row + 4);
        rounds.setPrefHeight(ROUND_ROWS * row + 4);
        fsm.setMinHeight(FSM_MIN * k);
        verification.setMinHeight(VERIFICATION_MIN * k);
        double chartsMin = chartNodes.size() * (CHART_MIN * k + 4) + ROUND_ROWS * row + 4;
        double machineMin = (FSM_MIN + VERIFICATION_MIN) * k + 16;
        charts.setMinHeight(chartsMin);
        machine.setMinHeight(machineMin);
        boolean side = width <= 0 || width >= SIDE_BY_SIDE_WIDTH * k;
        Orientation o = side ? Orientation.HORIZONTAL : Orientation.VERTICAL;
        if (split.getOrientation() != o) {
            split.setOrientation(o);
            split.setDividerPositions(side ? 0.58 : chartsMin / (chartsMin + machineMin));
        }
        // a split pane asks its items' least sizes only along its orientation: say the height across it here
        split.setMinHeight(side ? Math.max(chartsMin, machineMin) : chartsMin + machineMin + 8);
    }
}

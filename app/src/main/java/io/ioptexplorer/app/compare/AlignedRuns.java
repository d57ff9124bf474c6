package io.ioptexplorer.app.compare;

import io.ioptexplorer.app.migration.RoundAxis;
import io.ioptexplorer.app.migration.RoundSeries;
import io.ioptexplorer.app.tracking.LanesView;
import io.ioptexplorer.viewmodel.compare.CompareViewModel;
import io.ioptexplorer.viewmodel.migration.MigrationDashboardViewModel;
import io.ioptexplorer.viewmodel.tracking.LanesViewModel;
import java.util.List;
import java.util.Map;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.SplitPane;

/**
 * The two runs' dirty lanes and round charts, aligned: the lanes share one GPA window (zoom or pan either side and
 * the other follows) and the "rounds side by side" choice; the two round charts share their axes (rounds 0 to the
 * longer run's last, pages 0 to the larger of the two), so equal heights mean equal page counts. The lanes and the
 * chart series are the explorer's own view models, fed each side's tracking snapshot.
 */
final class AlignedRuns {
    private final LanesViewModel leftLanes = new LanesViewModel();
    private final LanesViewModel rightLanes = new LanesViewModel();
    private final MigrationDashboardViewModel leftRounds = new MigrationDashboardViewModel();
    private final MigrationDashboardViewModel rightRounds = new MigrationDashboardViewModel();
    private final LineChart<Number, Number> leftChart = chart("compare-left-rounds");
    private final LineChart<Number, Number> rightChart = chart("compare-right-rounds");
    private final SplitPane lanes;
    private final SplitPane charts;

    AlignedRuns(CompareViewModel vm) {
        leftLanes.snapshotProperty().bind(vm.leftTrackingProperty());
        rightLanes.snapshotProperty().bind(vm.rightTrackingProperty());
        leftRounds.snapshotProperty().bind(vm.leftTrackingProperty());
        rightRounds.snapshotProperty().bind(vm.rightTrackingProperty());
        // One window and one layout for both sides: the same pages sit at the same x.
        rightLanes.fromProperty().bindBidirectional(leftLanes.fromProperty());
        rightLanes.toProperty().bindBidirectional(leftLanes.toProperty());
        rightLanes.smallMultiplesProperty().bindBidirectional(leftLanes.smallMultiplesProperty());
        // One migration on both sides, in the lanes and the charts (the first is the one a setting usually changes).
        leftLanes.migrationProperty().addListener((o, a, i) -> showMigration(i.intValue()));
        rightLanes.migrationProperty().addListener((o, a, i) -> showMigration(i.intValue()));
        LanesView l = new LanesView(leftLanes);
        LanesView r = new LanesView(rightLanes);
        l.root().setId("compare-left-lanes");
        r.root().setId("compare-right-lanes");
        // Half a window wide, the controls wrap: each LanesView gives its lanes their height before its page trace.
        lanes = new SplitPane(l.root(), r.root());
        charts = new SplitPane(leftChart, rightChart);
        // Each half may be narrower than its controls' natural width: two halves must fit the comparison window.
        for (javafx.scene.layout.Region n : List.of(l.root(), r.root(), leftChart, rightChart, lanes, charts)) {
            n.setMinWidth(0);
        }
        vm.rightTrackingProperty().addListener(o -> redrawCharts());
        vm.leftTrackingProperty().addListener(o -> redrawCharts());
        redrawCharts();
    }

    private boolean following;

    private void showMigration(int i) {
        if (following || i < 0) {
            return;
        }
        following = true;
        try {
            for (LanesViewModel v : List.of(leftLanes, rightLanes)) {
                if (v.migrationProperty().get() != i && i < v.snapshotProperty().get().lanes().size()) {
                    v.selectMigration(i);
                }
            }
            for (MigrationDashboardViewModel v : List.of(leftRounds, rightRounds)) {
                if (v.migrationProperty().get() != i && i < v.snapshotProperty().get().migrations().size()) {
                    v.selectMigration(i);
                }
            }
            redrawCharts();
        } finally {
            following = false;
        }
    }

    SplitPane lanes() {
        return lanes;
    }

    SplitPane charts() {
        return charts;
    }

    LanesViewModel leftLanes() {
        return leftLanes;
    }

    LanesViewModel rightLanes() {
        return rightLanes;
    }

    private static LineChart<Number, Number> chart(String id) {
        NumberAxis x = new NumberAxis();
        x.setLabel("round");
        x.setAutoRanging(false);
        x.setTickUnit(1);
        x.setMinorTickVisible(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("pages");
        y.setAutoRanging(false);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setTitle("Dirty pages at each round's sync");
        c.setAnimated(false);
        c.setMinHeight(160);
        return c;
    }

    private void redrawCharts() {
        Map<String, List<long[]>> a = leftRounds.dirtyPagesByTracker();
        Map<String, List<long[]>> b = rightRounds.dirtyPagesByTracker();
        long lastRound = Math.max(lastRound(a), lastRound(b)); // one round: RoundAxis centres it
        long top = Math.max(1, Math.max(maxPages(a), maxPages(b)));
        fill(leftChart, a, lastRound, top);
        fill(rightChart, b, lastRound, top);
    }

    private static long lastRound(Map<String, List<long[]>> series) {
        return series.values().stream().flatMap(List::stream).mapToLong(p -> p[0]).max().orElse(0);
    }

    private static long maxPages(Map<String, List<long[]>> series) {
        return series.values().stream().flatMap(List::stream).mapToLong(p -> p[1]).max().orElse(0);
    }

    private static void fill(LineChart<Number, Number> chart, Map<String, List<long[]>> byName, long lastRound,
                             long top) {
        chart.getData().setAll(RoundSeries.of(byName));
        RoundAxis.fit((NumberAxis) chart.getXAxis(), 0, lastRound);
        NumberAxis y = (NumberAxis) chart.getYAxis();
        double tick = Math.max(1, niceTick(top));
        y.setLowerBound(0);
        y.setUpperBound(Math.ceil(top * 1.05 / tick) * tick); // ends on a tick: no "326,100.6" at the top
        y.setTickUnit(tick);
    }

    /** About five ticks up to {@code top}, on a 1-2-5 step. */
    static double niceTick(long top) {
        double raw = top / 5.0;
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }
}

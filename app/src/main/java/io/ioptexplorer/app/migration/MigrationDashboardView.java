package io.ioptexplorer.app.migration;

import io.ioptexplorer.viewmodel.migration.FsmViewModel;
import io.ioptexplorer.viewmodel.migration.MigrationDashboardViewModel;
import io.ioptexplorer.viewmodel.migration.MigrationDashboardViewModel.LostPage;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The pre-copy dashboard: dirty pages per round by tracker and the downtime estimate against the limit (JavaFX
 * charts: a few points per round suffice), the rounds in words, totals and the decision, the verification with every
 * lost IOVA (clicking one shows it in the lanes), and the devices' VFIO state machines.
 */
public final class MigrationDashboardView {
    private final MigrationDashboardViewModel vm;
    private final BorderPane root = new BorderPane();
    private final MigrationChooser migrations;
    private final Label summary = new Label();
    private final Label verification = new Label();
    private final LineChart<Number, Number> dirtyChart = chart("round", "pages", "Dirty pages at each round's sync");
    private final LineChart<Number, Number> downtimeChart = chart("round", "ms",
            "Estimated downtime against the limit");
    private final ListView<String> rounds = new ListView<>();
    private final ListView<LostPage> lost = new ListView<>();
    private final DashboardSections sections;
    /** In place of the charts while there is no round to draw: empty axes would look like a broken chart. */
    private static final String NO_MIGRATION = "The charts of each round appear here once a migrate step starts.";
    private final Label noMigration = new Label(NO_MIGRATION);

    /**
     * @param showPage told (on the FX thread) the migration and IOVA of a lost page the user clicked
     */
    public MigrationDashboardView(MigrationDashboardViewModel vm, FsmViewModel fsm, PageShower showPage) {
        this.vm = vm;
        root.setId("migration-dashboard");
        migrations = new MigrationChooser("dashboard-migration", i -> {
            if (i != vm.migrationProperty().get()) {
                vm.selectMigration(i);
            }
        });
        summary.setId("dashboard-summary");
        summary.setWrapText(true);
        VBox top = new VBox(6, migrations.root(), summary);
        top.setPadding(new Insets(8, 10, 8, 10));
        root.setTop(top);

        dirtyChart.setId("rounds-chart");
        downtimeChart.setId("downtime-chart");
        rounds.setId("round-lines");
        noMigration.setId("dashboard-no-migration");
        noMigration.setWrapText(true);
        noMigration.setPadding(new Insets(12));
        VBox charts = new VBox(4, noMigration, dirtyChart, downtimeChart, rounds);
        VBox.setVgrow(dirtyChart, Priority.ALWAYS);
        VBox.setVgrow(downtimeChart, Priority.ALWAYS);

        verification.setId("dashboard-verification");
        verification.setWrapText(true);
        verification.setMinHeight(Region.USE_PREF_SIZE); // wrapped in full, never cut to one elided line
        lost.setId("lost-iovas");
        lost.setPlaceholder(new Label("No lost page."));
        lost.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(LostPage p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.label());
            }
        });
        lost.setOnMouseClicked(e -> {
            LostPage p = lost.getSelectionModel().getSelectedItem();
            if (p != null) {
                showPage.show(vm.migrationProperty().get(), p.iova());
            }
        });
        // The FSM diagram scrolls and shares the height with the verification, so the lost IOVAs stay on screen.
        javafx.scene.control.ScrollPane fsmScroll = new javafx.scene.control.ScrollPane(new FsmView(fsm).root());
        VBox verificationBox = new VBox(6, new Label("Verification"), verification, lost);
        VBox.setVgrow(lost, Priority.ALWAYS);
        SplitPane right = new SplitPane(fsmScroll, verificationBox);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.6);
        right.setPadding(new Insets(0, 8, 8, 8));

        sections = new DashboardSections(charts, right, List.of(dirtyChart, downtimeChart), rounds, fsmScroll,
                verificationBox);
        root.setCenter(sections.root());

        // a round under way brings a snapshot per frame with only its lanes new: the charts redraw when a record moved
        vm.snapshotProperty().addListener((o, was, now) -> {
            if (was == null || !was.migrations().equals(now.migrations())) {
                refresh();
            }
        });
        vm.migrationProperty().addListener(o -> refresh());
        vm.wholeStoryProperty().addListener(o -> refresh());
        refresh();
    }

    /** Where a clicked lost page goes. */
    @FunctionalInterface
    public interface PageShower {
        void show(int migration, long iova);
    }

    public Region root() {
        return root;
    }

    LineChart<Number, Number> dirtyChart() {
        return dirtyChart;
    }

    DashboardSections sections() {
        return sections;
    }

    private static LineChart<Number, Number> chart(String x, String y, String title) {
        NumberAxis xa = new NumberAxis();
        xa.setLabel(x);
        xa.setTickUnit(1);
        xa.setMinorTickVisible(false);
        xa.setForceZeroInRange(true);
        NumberAxis ya = new NumberAxis();
        ya.setLabel(y);
        LineChart<Number, Number> c = new LineChart<>(xa, ya);
        c.setTitle(title);
        c.setAnimated(false);
        c.setCreateSymbols(true);
        return c; // its least height follows the presentation scale (DashboardSections)
    }

    private void refresh() {
        boolean any = vm.current().map(m -> !m.rounds().isEmpty()).orElse(false);
        // While round 0 is under way nothing is charted yet; "ran no round" read as if the migration had ended.
        noMigration.setText(vm.current().map(m -> m.running()
                ? "Round 0 is under way: each round is charted here once it ends."
                : "This migration ran no round: there is nothing to chart (the summary above says why).")
            .orElse(NO_MIGRATION));
        for (Node n : List.of(dirtyChart, downtimeChart, rounds)) {
            n.setVisible(any);
            n.setManaged(any);
        }
        noMigration.setVisible(!any);
        noMigration.setManaged(!any);
        migrations.show(vm.migrationLabels(), vm.migrationProperty().get());
        summary.setText(vm.summary());
        verification.setText(vm.verificationLine());
        rounds.getItems().setAll(vm.roundLines());
        lost.getItems().setAll(vm.lostPages());
        dirtyChart.getData().setAll(RoundSeries.of(vm.dirtyPagesByTracker()));
        List<double[]> est = vm.downtimeEstimatesMs();
        XYChart.Series<Number, Number> estimate = new XYChart.Series<>();
        estimate.setName("estimated downtime");
        XYChart.Series<Number, Number> limit = new XYChart.Series<>();
        limit.setName("limit");
        for (double[] e : est) {
            estimate.getData().add(new XYChart.Data<>(e[0], e[1]));
            limit.getData().add(new XYChart.Data<>(e[0], e[2]));
        }
        downtimeChart.getData().setAll(List.of(estimate, limit));
        // The rounds shown: from round 0 (the whole story), or around the current round alone (one step).
        int first = est.isEmpty() ? 0 : (int) est.get(0)[0];
        int last = est.isEmpty() ? 0 : (int) est.get(est.size() - 1)[0];
        for (LineChart<Number, Number> c : List.of(dirtyChart, downtimeChart)) {
            RoundAxis.fit((NumberAxis) c.getXAxis(), first, last);
        }
    }
}

package io.ioptexplorer.app.compare;

import io.ioptexplorer.app.controls.TextTable;
import io.ioptexplorer.hardware.scenario.Step;
import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.viewmodel.compare.CompareViewModel;
import io.ioptexplorer.viewmodel.compare.Figure;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Two runs side by side: the same topology and seed, one setting changed on each side ({@code KEY=VALUE}, as
 * {@code run --set}), stepping together: their steps, their dirty lanes and round charts aligned ({@link AlignedRuns}),
 * and the figures with their differences beside the steps. Bindings only.
 */
public final class CompareWindow {
    private final CompareViewModel vm;
    private final String name;
    private final String yaml;
    private final TextField leftSetting = new TextField();
    private final TextField rightSetting = new TextField();
    private final GridPane figures = new GridPane();
    private final BorderPane root = new BorderPane();
    private final AlignedRuns aligned;

    public CompareWindow(CompareViewModel vm, String name, String yaml, Topology topology) {
        this.vm = vm;
        this.name = name;
        this.yaml = yaml;
        String key = splitKey(topology);
        leftSetting.setText(key + "=eager");
        rightSetting.setText(key + "=lazy");
        leftSetting.setId("compare-left-setting");
        rightSetting.setId("compare-right-setting");
        HBox.setHgrow(leftSetting, Priority.ALWAYS);
        HBox.setHgrow(rightSetting, Priority.ALWAYS);
        Button load = new Button("Load both");
        load.setId("compare-load");
        load.setOnAction(e -> load());
        Button step = new Button("Step both (→)");
        step.setId("compare-step");
        step.setOnAction(e -> vm.stepBoth());
        Button run = new Button("Run both (F5)");
        run.setId("compare-run");
        run.setOnAction(e -> vm.runBoth());
        step.disableProperty().bind(vm.busyProperty());
        run.disableProperty().bind(vm.busyProperty());
        HBox settings = new HBox(8, new Label("Left"), leftSetting, new Label("Right"), rightSetting, load, step, run);
        Label title = new Label();
        title.setId("compare-title");
        title.getStyleClass().add("pane-title");
        title.textProperty().bind(vm.titleProperty());
        Label problem = new Label();
        problem.setId("compare-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add("problem-text");
        problem.textProperty().bind(vm.problemProperty());
        problem.managedProperty().bind(vm.problemProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        VBox top = new VBox(6, settings, problem, title);
        top.setPadding(new Insets(10));
        root.setTop(top);

        ListView<String> left = new ListView<>(vm.leftSteps());
        left.setId("compare-left");
        ListView<String> right = new ListView<>(vm.rightSteps());
        right.setId("compare-right");
        aligned = new AlignedRuns(vm);
        figures.setId("compare-figures");
        figures.setHgap(18);
        figures.setVgap(3);
        figures.setPadding(new Insets(10));
        vm.figures().addListener((ListChangeListener<Figure>) c -> drawFigures());
        drawFigures();
        javafx.scene.control.ScrollPane figuresScroll = new javafx.scene.control.ScrollPane(figures);
        // The steps and the summed differences share the top row, so the lanes and charts get the height.
        SplitPane steps = new SplitPane(left, right, figuresScroll);
        steps.setDividerPositions(0.3, 0.6);
        SplitPane centre = new SplitPane(steps, aligned.lanes(), aligned.charts());
        centre.setOrientation(javafx.geometry.Orientation.VERTICAL);
        centre.setDividerPositions(0.26, 0.78);
        root.setCenter(centre);
        load();
    }

    /** The key that changes the split policy: the first migrate step's own, else the topology's. */
    static String splitKey(Topology t) {
        for (Step s : t.steps()) {
            if (s.args() instanceof StepArgs.Migrate) {
                return "steps[" + s.index() + "].migrate.split";
            }
        }
        return "migration.split";
    }

    private static List<String> settings(TextField f) {
        String s = f.getText().strip();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s*;\\s*"));
    }

    private void load() {
        vm.load(name, yaml, settings(leftSetting), settings(rightSetting));
    }

    private void drawFigures() {
        figures.getChildren().clear();
        TextTable.header(figures, "figure", "left", "right", "right − left");
        int row = 1;
        for (Figure f : vm.figures()) {
            Label diff = cell(String.format(Locale.ROOT, "%+,d", f.difference()), f.difference() == 0 ? "row-body"
                    : "row-head");
            figures.addRow(row++, cell(f.name(), "row-body"), cell(String.format(Locale.ROOT, "%,d", f.left()), null),
                    cell(String.format(Locale.ROOT, "%,d", f.right()), null), diff);
        }
    }

    private static Label cell(String text, String style) {
        return TextTable.cell(text, style);
    }

    /** Shows the comparison in a window of its own; → steps both, F5 runs both. */
    public Stage show(Stage owner, List<String> stylesheets) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        Scene scene = new Scene(root, 1400, 900);
        scene.getStylesheets().addAll(stylesheets);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), vm::runBoth);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.RIGHT && !(e.getTarget() instanceof TextField)) {
                vm.stepBoth();
                e.consume();
            }
        });
        stage.setTitle("Compare two runs — " + name);
        stage.setScene(scene);
        stage.show();
        return stage;
    }

    AlignedRuns aligned() {
        return aligned;
    }

    public BorderPane root() {
        return root;
    }
}

package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The page-table window, opened from the main window on the open scenario's machine. It follows every moment of
 * the main window (each step, back, reset, a new file) by re-reading its snapshot through the simulation thread.
 */
public final class PageTableWindow {
    public static final KeyCombination FIND_SHORTCUT = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final Stage stage = new Stage();
    private final PageTableExplorerView view;
    private final PageTableViewModel vm;

    public PageTableWindow(Window owner, ScenarioViewModel scenario, String stylesheet) {
        vm = new PageTableViewModel(scenario::query);
        view = new PageTableExplorerView(vm);
        // As large as suits the tree, the map and the inspector side by side, never larger than the screen.
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view.root(), Math.min(1560, screen.getWidth()), Math.min(900, screen.getHeight()));
        if (stylesheet != null) {
            scene.getStylesheets().add(stylesheet);
        }
        scene.getAccelerators().put(FIND_SHORTCUT, view::focusFind);
        stage.setScene(scene);
        stage.setTitle("Page tables — IOPT Explorer");
        if (owner != null) {
            stage.initOwner(owner);
        }
        scenario.momentProperty().addListener((o, a, b) -> vm.refresh());
        vm.refresh();
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    public PageTableExplorerView view() {
        return view;
    }

    public PageTableViewModel viewModel() {
        return vm;
    }
}

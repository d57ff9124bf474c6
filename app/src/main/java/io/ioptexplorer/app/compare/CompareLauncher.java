package io.ioptexplorer.app.compare;

import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.compare.CompareViewModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.stage.Stage;

/** Opens the comparison of the scenario open in the main window. */
public final class CompareLauncher {
    private CompareLauncher() {
    }

    /** The comparisons' own machine thread, beside the window's live machine; a daemon so it never holds the exit. */
    private static final Executor SIMULATION = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "compare-simulation");
        t.setDaemon(true);
        return t;
    });

    public static Optional<Stage> open(MainWindowView view) {
        var scenario = view.scenario();
        String source = scenario.sourceProperty().get();
        if (scenario.topology() == null || source.isEmpty()) {
            view.showStatus("Nothing to compare: open a topology first");
            return Optional.empty();
        }
        String yaml;
        try {
            yaml = SampleCatalog.names().contains(source) ? SampleCatalog.text(source).orElseThrow()
                    : Files.readString(Path.of(source), StandardCharsets.UTF_8);
        } catch (IOException e) {
            view.showStatus("Cannot compare: " + source + " cannot be read again (" + e.getMessage() + ")");
            return Optional.empty();
        }
        CompareWindow w = new CompareWindow(new CompareViewModel(SIMULATION, Platform::runLater), source, yaml,
                scenario.topology());
        Stage owner = view.root().getScene() == null ? null : (Stage) view.root().getScene().getWindow();
        return Optional.of(w.show(owner, view.root().getScene() == null ? java.util.List.of()
                : view.root().getScene().getStylesheets()));
    }
}

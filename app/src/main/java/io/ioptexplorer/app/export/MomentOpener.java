package io.ioptexplorer.app.export;

import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.export.Moment;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reopens a moment: loads its topology with its seed, replays to its step, then selects its step. Any problem goes
 * to the status line (and a topology problem to the problem banner) and the window keeps what it showed.
 */
public final class MomentOpener {
    private MomentOpener() {
    }

    public static void open(Path file, MainWindowView view) {
        Moment m;
        try {
            m = Moment.read(file);
        } catch (IOException e) {
            view.showStatus("Moment not opened: " + file + ": cannot be read (" + e.getMessage() + ")");
            return;
        } catch (Moment.MomentException e) {
            view.showStatus("Moment not opened: " + e.getMessage());
            return;
        }
        open(m, view);
    }

    public static void open(Moment m, MainWindowView view) {
        ScenarioViewModel scenario = view.scenario();
        boolean loaded;
        if (m.file().startsWith("sample:")) {
            String name = m.file().substring("sample:".length());
            Optional<String> text = SampleCatalog.text(name);
            if (text.isEmpty()) {
                view.showStatus("Moment not opened: no bundled sample is named '" + name + "' (see list-samples)");
                return;
            }
            loaded = scenario.loadText(name, text.get(), m.seed());
        } else {
            loaded = scenario.loadFile(Path.of(m.file()), m.seed());
        }
        if (!loaded) {
            return; // the problem banner says why; the previous scenario is unchanged
        }
        if (m.step() > scenario.steps().size()) {
            view.showStatus("Moment opened at the end: it names step " + m.step() + " but the file has "
                    + scenario.steps().size());
        }
        int at = Math.min(m.step(), scenario.steps().size());
        Runnable arrived = () -> {
            if (m.selection() >= 0 && m.selection() < scenario.steps().size()) {
                view.scenarioView().stepList().getSelectionModel().select(m.selection());
            }
            view.showStatus("Opened the moment: " + m.file() + ", seed " + m.seed() + ", step " + m.step());
        };
        if (scenario.nextStepProperty().get() == at) {
            arrived.run();
            return;
        }
        // Registered after the step list's own listener (which selects the step just finished), so it runs last.
        scenario.nextStepProperty().addListener(new javafx.beans.value.ChangeListener<Number>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number was, Number now) {
                if (now.intValue() == at) {
                    scenario.nextStepProperty().removeListener(this);
                    arrived.run();
                }
            }
        });
        scenario.goTo(at);
    }
}

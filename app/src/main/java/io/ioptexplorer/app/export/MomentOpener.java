package io.ioptexplorer.app.export;

import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.viewmodel.export.Moment;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.value.ChangeListener;

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
        scenario.goTo(m.step());
        whenIdle(scenario, () -> {
            if (m.selection() >= 0 && m.selection() < scenario.steps().size()) {
                view.scenarioView().stepList().getSelectionModel().select(m.selection());
            }
            view.showStatus("Opened the moment: " + m.file() + ", seed " + m.seed() + ", step " + m.step());
        });
    }

    private static void whenIdle(ScenarioViewModel scenario, Runnable then) {
        if (!scenario.busyProperty().get()) {
            then.run();
            return;
        }
        ChangeListener<Boolean> once = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean busy) {
                if (!busy) {
                    scenario.busyProperty().removeListener(this);
                    then.run();
                }
            }
        };
        scenario.busyProperty().addListener(once);
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.IoptExplorerApp;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Opens the main window, as running without arguments does; optionally on a file or a saved moment. */
@Command(name = "gui", mixinStandardHelpOptions = true, description = "Open the main window (the default without "
        + "arguments), on the default tour or on FILE: a topology, sample:NAME, or a moment (.iopt-moment) saved "
        + "with Export → This moment.")
final class GuiCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = "topology, sample:NAME or .iopt-moment file")
    String file;

    @Override
    public Integer call() {
        if (file == null) {
            Application.launch(IoptExplorerApp.class);
        } else {
            Application.launch(IoptExplorerApp.class, file);
        }
        return 0;
    }
}

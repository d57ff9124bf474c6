package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.IoptExplorerApp;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine.Command;

/** Opens the main window, as running without arguments does. */
@Command(name = "gui", mixinStandardHelpOptions = true, description = "Open the main window (the default without arguments).")
final class GuiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Application.launch(IoptExplorerApp.class);
        return 0;
    }
}

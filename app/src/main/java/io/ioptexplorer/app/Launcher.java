package io.ioptexplorer.app;

import io.ioptexplorer.app.cli.Cli;
import javafx.application.Application;

/**
 * The jar's entry point. A plain class (not the {@link Application} subclass) so that a classpath jar starts
 * without "JavaFX runtime components are missing". No arguments: the window; arguments: the command line.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Application.launch(IoptExplorerApp.class);
            return;
        }
        System.exit(Cli.execute(args));
    }
}

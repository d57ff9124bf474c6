package io.ioptexplorer.app;

import io.ioptexplorer.app.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;

/**
 * The jar's entry point. A plain class (not the {@link Application} subclass) so that a classpath jar starts
 * without "JavaFX runtime components are missing". No arguments: the window; a single topology file (or
 * sample:NAME): the window on it, as {@code gui FILE}; anything else: the command line.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Application.launch(IoptExplorerApp.class);
            return;
        }
        if (args.length == 1 && opensAFile(args[0])) {
            System.exit(Cli.execute("gui", args[0]));
        }
        System.exit(Cli.execute(args));
    }

    /** "iopt-explorer FILE": a sample, or an existing file that is not named like a command. */
    static boolean opensAFile(String arg) {
        return arg.startsWith("sample:") || !arg.startsWith("-") && (arg.endsWith(".yaml") || arg.endsWith(".yml"))
                && Files.isRegularFile(Path.of(arg));
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.IoptExplorerApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Opens the main window, as running without arguments does; on FILE when one is given. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the main window (the default without arguments), on FILE when given "
                + "(a path, or sample:NAME). 'iopt-explorer FILE' does the same.")
final class GuiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a topology file, or sample:NAME")
    String file;

    @Override
    public Integer call() {
        if (file != null && !file.startsWith(TopologyArgument.SAMPLE_PREFIX) && !Files.isRegularFile(Path.of(file))) {
            spec.commandLine().getErr().println("iopt-explorer: " + file + ": no such file");
            return Cli.EXIT_INVALID_INPUT;
        }
        if (file == null) {
            Application.launch(IoptExplorerApp.class);
        } else {
            Application.launch(IoptExplorerApp.class, file);
        }
        return 0;
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.shots.HeadlessToolkit;
import io.ioptexplorer.app.shots.Screenshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders the README's pictures headless from the bundled samples. */
@Command(name = "screenshots", mixinStandardHelpOptions = true,
        description = "Render the README's pictures (PNG, " + Screenshots.WIDTH + "x" + Screenshots.HEIGHT
                + ") from the bundled samples into DIR, without a display.")
final class ScreenshotsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "folder to write the pictures into (created if missing)")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            spec.commandLine().getErr().println("screenshots: cannot create " + dir + ": " + e.getMessage());
            return Cli.EXIT_INVALID_INPUT;
        }
        boolean started = HeadlessToolkit.start(Screenshots.WIDTH, Screenshots.HEIGHT);
        try {
            List<Path> files = Screenshots.render(dir);
            files.forEach(f -> spec.commandLine().getOut().println("wrote " + f));
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("screenshots: " + e.getMessage());
            return 1;
        } finally {
            if (started) {
                Platform.exit();
            }
        }
    }
}

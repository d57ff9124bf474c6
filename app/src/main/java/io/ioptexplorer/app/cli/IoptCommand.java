package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.AppInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command; each subcommand is one class in this package. */
@Command(name = "iopt-explorer",
        mixinStandardHelpOptions = true,
        versionProvider = IoptCommand.Version.class,
        description = {
            "IOPT Explorer: a live simulation of IOMMU page tables, DMA dirty tracking and VFIO live migration.",
            "Without arguments it opens the window; with a command it runs headless."},
        subcommands = {GuiCommand.class, ValidateCommand.class, RunCommand.class, DumpCommand.class,
            ListSamplesCommand.class, ScreenshotsCommand.class, CommandLine.HelpCommand.class})
public final class IoptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** A bare option such as {@code --verbose} with no command: show usage rather than guess. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {AppInfo.NAME + " " + AppInfo.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the bundled sample topologies. */
@Command(name = "list-samples", mixinStandardHelpOptions = true,
        description = "List the bundled sample topologies, one line each (the first is the window's default).")
final class ListSamplesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws TopologyException {
        PrintWriter out = spec.commandLine().getOut();
        int width = SampleCatalog.names().stream().mapToInt(String::length).max().orElse(10);
        for (String name : SampleCatalog.names()) {
            Topology t = SampleCatalog.load(name);
            out.printf("%-" + width + "s  %s%n", name, t.name());
        }
        return 0;
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Problem;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every command that runs one scenario takes (a picocli mixin): the file, its seed and {@code --set}. */
final class ScenarioOptions {
    @Parameters(index = "0", paramLabel = "FILE", description = "a topology YAML file, or sample:NAME for a bundled one")
    String file;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: the file's seed, else 1)")
    Long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a value of the file, e.g. "
            + "--set migration.split=lazy --set devices[nic0].workload.rate=1GiB/s")
    List<String> sets = new ArrayList<>();

    /** The file with its overrides applied; null after printing each problem (file:line:column: why) to {@code err}. */
    Topology load(PrintWriter err) {
        try {
            return TopologyArgument.load(file, sets);
        } catch (TopologyException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            return null;
        }
    }

    /** The seed the run uses: {@code --seed}, else the file's, else 1. */
    long seedFor(Topology t) {
        return ScenarioRun.seedFor(t, seed);
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.hardware.run.DryRun;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Problem;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Checks topology files without running them. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check topology files. Exit 0 when all are valid, 2 with a file:line:column message per "
                + "problem otherwise. A valid file's steps are also dry-run on the simulator: a step that will fail "
                + "(with the kernel's errno) or miss its expect is a file:line:column warning; warnings keep exit 0.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "topology YAML files, or sample:NAME for a bundled one")
    List<String> files;

    @Override
    public Integer call() {
        int invalid = 0;
        for (String f : files) {
            try {
                Topology t = TopologyArgument.load(f, List.of());
                List<DryRun.Warning> warnings = DryRun.of(t, ScenarioRun.seedFor(t, null));
                for (DryRun.Warning w : warnings) {
                    spec.commandLine().getOut().println(w);
                }
                spec.commandLine().getOut().printf("%s: valid (%s)%s%n", f, t.name(), warnings.isEmpty() ? ""
                        : "; " + warnings.size() + " step(s) will not behave as written (warnings above)");
            } catch (TopologyException e) {
                invalid++;
                for (Problem p : e.problems()) {
                    spec.commandLine().getErr().println(p);
                }
            }
        }
        return invalid == 0 ? 0 : Cli.EXIT_INVALID_INPUT;
    }
}

package io.ioptexplorer.app.cli;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.ResultFormat;
import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.timeline.RunAbandoned;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a topology's steps (and its migration) headless. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a topology's steps headless and check every expect.",
            "Exit 0 when every expectation holds, 1 when one does not (saying which and why), 2 on invalid input."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--json", paramLabel = "PATH|-", description = "write the JSON report to PATH, or to standard "
            + "output with -")
    String json;

    @Option(names = "--trace", paramLabel = "PATH|-", description = "write every event of the run as JSON Lines "
            + "(seq, step, time-ns, kind, name, fields) to PATH, or to standard output with -; see the README's "
            + "event table")
    String trace;

    @Option(names = "--quiet", description = "print only failures")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        boolean jsonToStdout = "-".equals(json);
        boolean traceToStdout = "-".equals(trace);
        if (jsonToStdout && traceToStdout) {
            err.println("--json - and --trace - both want standard output: send one of them to a file");
            return Cli.EXIT_INVALID_INPUT;
        }
        // With the report or the trace on standard output, the human summary goes to standard error.
        PrintWriter human = jsonToStdout || traceToStdout ? err : spec.commandLine().getOut();
        Topology t;
        t = scenario.load(err);
        if (t == null) {
            return Cli.EXIT_INVALID_INPUT;
        }
        Writer traceOut;
        try {
            traceOut = trace == null ? null : traceToStdout ? spec.commandLine().getOut()
                    : Files.newBufferedWriter(Path.of(trace), StandardCharsets.UTF_8);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("--trace " + trace + ": cannot write there (" + e.getMessage() + ")");
            return Cli.EXIT_INVALID_INPUT;
        }
        TraceWriter tracer = traceOut == null ? null : new TraceWriter(traceOut);
        ProgressBar bar = ProgressBar.forTerminal(err, quiet);
        ScenarioRun run;
        try {
            // The machine's assembly already emits events (step -1), so the trace starts with the constructor.
            run = tracer == null ? ScenarioRun.uncopied(t, scenario.seedFor(t), EventSink.NONE)
                    : new ScenarioRun(t, scenario.seedFor(t), tracer, true);
            runAll(run, bar);
        } catch (RunAbandoned e) {
            bar.finish();
            err.println("--trace " + trace + ": " + e.getMessage());
            return Cli.EXIT_INVALID_INPUT;
        } finally {
            if (tracer != null) {
                tracer.finish(!traceToStdout);
            }
        }
        bar.finish();

        int failed = 0;
        for (StepResult r : run.results()) {
            if (!r.ok()) {
                failed++;
                for (String f : r.failures()) {
                    human.println("FAIL " + f);
                }
            } else if (!quiet) {
                human.printf("ok   %3d %-20s %s%n", r.index(), r.op(), summary(r));
            }
        }
        human.printf("%s (seed %d): %d steps, %d passed, %d failed%n", t.name(), run.seed(), run.results().size(),
                run.results().size() - failed, failed);
        if (json != null) {
            String report = RunReport.json(run);
            if (jsonToStdout) {
                spec.commandLine().getOut().print(report);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(Path.of(json), report, StandardCharsets.UTF_8);
            }
        }
        return failed == 0 ? 0 : Cli.EXIT_FAILURE;
    }

    private static void runAll(ScenarioRun run, ProgressBar bar) {
        run.runAll(new ScenarioRun.Progress() {
            @Override
            public void stepDone(int done, int total, StepResult last) {
                bar.update(done, total, last.op());
            }

            @Override
            public void migrationRound(int round, int maxRounds) {
                bar.update(run.nextIndex() - 1, run.topology().steps().size(),
                        "migrate: round " + round + " of at most " + maxRounds);
            }
        });
    }

    /** The step's results in one line, bitmaps as their set-bit count. */
    private static String summary(StepResult r) {
        StringBuilder b = new StringBuilder();
        if (r.errno() != null) {
            b.append(r.errno()).append(" as expected");
        }
        r.result().forEach((k, v) -> {
            if (!k.equals("bitmap")) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(ResultFormat.readable(k, v));
            }
        });
        return b.toString();
    }
}

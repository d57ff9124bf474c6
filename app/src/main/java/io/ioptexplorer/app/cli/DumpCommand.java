package io.ioptexplorer.app.cli;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.MachineInspect;
import io.ioptexplorer.hardware.inspect.PtDump;
import io.ioptexplorer.hardware.inspect.RadixFolding;
import io.ioptexplorer.hardware.inspect.WalkTrace;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.Units;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints a HWPT's page table at a moment of a run, ptdump-style, or the walk of one IOVA. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print the page table of each paging HWPT at one moment of a run, as ptdump-style lines "
            + "(start-end  size  level  attributes; runs merged by level and attributes, empty runs left out), or "
            + "with --walk each level of one IOVA's walk with the entry's raw value and decoded fields.",
            "Exit 0 on success, 2 on invalid input (a file that does not validate, a step or HWPT that does not "
            + "exist, an IOVA that is not a number)."})
final class DumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--after-step", paramLabel = "N", description = "the state once step N has run (0-based, as "
            + "'index' in the JSON report); default: after the last step")
    Integer afterStep;

    @Option(names = "--hwpt", paramLabel = "ID", description = "only this HWPT (its iommufd id, as in the header "
            + "lines and the JSON report's domains[].hwpt); default: every paging HWPT")
    Integer hwpt;

    @Option(names = "--walk", paramLabel = "IOVA", description = "print the walk of this IOVA (decimal or 0x hex) "
            + "instead of the table")
    String walk;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Topology t;
        t = scenario.load(err);
        if (t == null) {
            return Cli.EXIT_INVALID_INPUT;
        }
        int steps = t.steps().size();
        if (afterStep != null && (afterStep < 0 || afterStep >= steps)) {
            err.println("dump: --after-step " + afterStep + " does not exist: " + scenario.file + " has " + steps
                    + (steps == 0 ? " steps" : " steps, numbered 0 to " + (steps - 1)));
            return Cli.EXIT_INVALID_INPUT;
        }
        Long iova = null;
        if (walk != null) {
            try {
                iova = Units.parseInteger(walk);
            } catch (IllegalArgumentException e) {
                err.println("dump: --walk " + walk + ": " + e.getMessage());
                return Cli.EXIT_INVALID_INPUT;
            }
        }
        ScenarioRun run = ScenarioRun.uncopied(t, scenario.seedFor(t), EventSink.NONE);
        int last = afterStep != null ? afterStep : steps - 1;
        while (run.nextIndex() <= last) {
            run.step();
        }
        Machine m = run.machine();
        List<MachineInspect.HwptInfo> chosen = MachineInspect.hwpts(m).stream()
                .filter(h -> hwpt == null || h.id() == hwpt).toList();
        String moment = last < 0 ? "before the first step" : "after step " + last + " (" + t.steps().get(last).op()
                + ")";
        if (chosen.isEmpty()) {
            if (hwpt != null) {
                err.println("dump: no paging HWPT " + hwpt + " " + moment + "; there are "
                        + MachineInspect.hwpts(m).stream().map(h -> Integer.toString(h.id())).toList());
                return Cli.EXIT_INVALID_INPUT;
            }
            out.println("# " + t.name() + ", " + moment + ": no paging HWPT");
            out.flush();
            return 0;
        }
        for (MachineInspect.HwptInfo h : chosen) {
            out.println("# " + h.label() + ", dirty tracking " + (h.dirtyTracking() ? "on" : "off") + ", " + moment);
            var pt = MachineInspect.pageTable(m, h.id());
            if (iova != null) {
                PtDump.walk(WalkTrace.of(pt, iova), out::println);
            } else {
                PtDump.table(new RadixFolding(pt), out::println);
            }
        }
        out.flush();
        return 0;
    }
}

package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.scenario.SourceLocation;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * The author's predictions, computed by the simulator itself: the file's steps run once on a fresh machine (the run
 * is deterministic, so this is exactly what {@code run} will do with the same seed), and every step that will not
 * behave as written becomes a warning. The file checker predicts nothing of the kernel's rules; this is where such
 * predictions come from, so no rule is written twice.
 */
public final class DryRun {
    private DryRun() {
    }

    /**
     * One step that will not behave as written.
     *
     * @param errno   the errno the step fails with, or null (it failed without one, or an {@code expect} did not
     *                hold)
     * @param message what will happen, one sentence
     */
    public record Warning(int index, String op, SourceLocation location, Errno errno, String message) {
        /** {@code file:line:column: warning: message}. */
        @Override
        public String toString() {
            return location + ": warning: " + message;
        }
    }

    /** Runs every step of {@code topology} with {@code seed} and returns the warnings, in step order. */
    public static List<Warning> of(Topology topology, long seed) {
        ScenarioRun run = new ScenarioRun(topology, seed, EventSink.NONE);
        List<Warning> out = new ArrayList<>();
        for (StepResult r : run.runAll(null)) {
            if (!r.ok()) {
                out.add(new Warning(r.index(), r.op(), r.location(), r.errno(), describe(topology, r)));
            }
        }
        return out;
    }

    private static String describe(Topology topology, StepResult r) {
        boolean expectsError = topology.steps().get(r.index()).expectError() != null;
        if (r.errno() != null && !expectsError) {
            return "step " + (r.index() + 1) + " (" + r.op() + ") will fail with " + r.errno() + ": " + r.error()
                    + "; add expect-error: " + r.errno() + " if that is the point";
        }
        String what = String.join("; ", r.failures().stream().map(f -> stripLocation(f, r.location())).toList());
        return "step " + (r.index() + 1) + " (" + r.op() + ") will not behave as written: "
                + (what.isEmpty() ? String.valueOf(r.error()) : what);
    }

    private static String stripLocation(String failure, SourceLocation at) {
        String prefix = at + ": ";
        return failure.startsWith(prefix) ? failure.substring(prefix.length()) : failure;
    }
}

package io.ioptexplorer.viewmodel.scenario;

import io.ioptexplorer.viewmodel.live.ResultField;
import io.ioptexplorer.viewmodel.live.RoundSummary;
import io.ioptexplorer.viewmodel.live.StepOutcome;
import java.util.List;

/**
 * One step of the open scenario as the step list shows it.
 *
 * @param index    0-based position in the file
 * @param op       the operation, as written ({@code get-dirty-bitmap})
 * @param location {@code file:line:column} of the step
 * @param narrate  the guided-tour caption, or ""
 * @param status   where the step stands
 * @param outcome  what it did once finished, else null
 */
public record StepRow(int index, String op, String location, String narrate, Status status, StepOutcome outcome) {

    /** {@code CURRENT}: the machine is paused inside this step. */
    public enum Status { PENDING, CURRENT, OK, FAILED }

    /** What the window's caption line and the stage's count say once all {@code steps} steps have run. */
    public static String allDone(int steps) {
        return steps == 1 ? "Done: the one step" : "Done: all " + steps + " steps";
    }

    public List<ResultField> results() {
        return outcome == null ? List.of() : outcome.results();
    }

    /** The result named {@code key}, or null. */
    public ResultField field(String key) {
        return outcome == null ? null : outcome.field(key);
    }

    /** The errno and why for a failed operation, else "". */
    public String message() {
        return outcome == null ? "" : outcome.message();
    }

    public List<String> failures() {
        return outcome == null ? List.of() : outcome.failures();
    }

    public List<RoundSummary> rounds() {
        return outcome == null ? List.of() : outcome.rounds();
    }

    public String verification() {
        return outcome == null ? "" : outcome.verification();
    }
}

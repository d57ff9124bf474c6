package io.ioptexplorer.viewmodel.live;

import java.util.List;

/**
 * What one finished step did, as immutable values for the screen (taken on the machine thread from the run's
 * result).
 *
 * @param message      the errno and why for a failed operation, else ""
 * @param failures     why the step is not ok, one sentence each
 * @param rounds       for a {@code migrate} step, its pre-copy rounds; else empty
 * @param verification for a {@code migrate} step, the destination check in one line; else ""
 */
public record StepOutcome(int index, String op, boolean ok, String message, List<ResultField> results,
                          List<String> failures, List<RoundSummary> rounds, String verification) {
    public StepOutcome {
        results = List.copyOf(results);
        failures = List.copyOf(failures);
        rounds = List.copyOf(rounds);
    }

    /** The result named {@code key}, or null. */
    public ResultField field(String key) {
        for (ResultField f : results) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        return null;
    }
}

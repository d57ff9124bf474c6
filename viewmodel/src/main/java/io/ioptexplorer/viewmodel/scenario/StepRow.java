package io.ioptexplorer.viewmodel.scenario;

import java.util.List;
import java.util.Map;

/**
 * One step of the open scenario as the step list shows it.
 *
 * @param index    0-based position in the file
 * @param op       the operation, as written ({@code get-dirty-bitmap})
 * @param location {@code file:line:column} of the step
 * @param narrate  the guided-tour caption, or ""
 * @param status   where the step stands
 * @param result   its results once run (bitmaps as {@link io.ioptexplorer.hardware.run.BitmapValue})
 * @param message  one line: the errno and why for a failed operation, else ""
 * @param failures why the step is not ok, one sentence each
 * @param rounds   for a {@code migrate} step, its pre-copy rounds; else empty
 * @param verification for a {@code migrate} step, the destination check in one line; else ""
 */
public record StepRow(int index, String op, String location, String narrate, Status status,
                      Map<String, Object> result, String message, List<String> failures, List<RoundRow> rounds,
                      String verification) {

    public enum Status { PENDING, OK, FAILED }

    public StepRow {
        // Keep the order the operation produced its results in.
        result = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
        failures = List.copyOf(failures);
        rounds = List.copyOf(rounds);
    }
}

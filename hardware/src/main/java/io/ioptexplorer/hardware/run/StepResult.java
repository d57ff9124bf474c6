package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.scenario.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * What one step did.
 *
 * @param ok       the step behaved as written: it succeeded with every {@code expect} holding, or it failed with the
 *                 errno its {@code expect-error} named
 * @param errno    the errno the operation failed with, or null when it succeeded (or failed without one)
 * @param error    the sentence saying why it failed, or null
 * @param result   named results (Long, Boolean, String, List of String, {@link BitmapValue}), in a stable order
 * @param failures why the step is not ok, one sentence each, each starting with the file:line:column it concerns
 * @param narrate  the step's guided-tour caption, or null
 */
public record StepResult(int index, String op, SourceLocation location, boolean ok, Errno errno, String error,
                         Map<String, Object> result, List<String> failures, String narrate) {
    public StepResult {
        result = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
        failures = List.copyOf(failures);
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.errno.Errno;
import java.util.Optional;

/**
 * One step of a scenario.
 *
 * @param index       0-based position in {@code steps}
 * @param op          the operation as written ({@code ioas-map})
 * @param args        its typed arguments; the record type matches {@code op}
 * @param expect      results that must hold ({@link Expect#NONE} if none)
 * @param expectError the errno the step must fail with, or null
 * @param narrate     caption for guided tours, or null
 * @param location    where the operation key was written
 */
public record Step(int index, String op, StepArgs args, Expect expect, Errno expectError, String narrate,
        SourceLocation location) {

    public Optional<Errno> expectedError() {
        return Optional.ofNullable(expectError);
    }

    public Optional<String> caption() {
        return Optional.ofNullable(narrate);
    }
}

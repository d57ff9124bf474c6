package io.ioptexplorer.hardware.scenario;

import java.util.Objects;

/** One thing wrong with a topology file: where, and a sentence saying what is wrong and what would be right. */
public record Problem(SourceLocation location, String message) {

    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: message}. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}

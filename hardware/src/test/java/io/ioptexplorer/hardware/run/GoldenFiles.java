package io.ioptexplorer.hardware.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Compares a produced text with its golden file, or, in update mode, rewrites the golden and then fails, so an update
 * can never pass by itself: the rerun without the switch is what passes, after the diff was read. Update mode is
 * refused when the {@code CI} environment variable is set, so a README or CI edit cannot turn it into a silent pass.
 */
final class GoldenFiles {
    static final String UPDATE_PROPERTY = "golden.update";

    private final Path dir;
    private final boolean update;
    private final boolean ci;

    GoldenFiles(Path dir, boolean update, boolean ci) {
        this.dir = dir;
        this.update = update;
        this.ci = ci;
    }

    /** Settings from the {@code golden.update} system property and the {@code CI} environment variable. */
    static GoldenFiles fromEnvironment(Path dir) {
        return fromEnvironment(dir, System.getenv());
    }

    static GoldenFiles fromEnvironment(Path dir, Map<String, String> env) {
        String ciValue = env.get("CI");
        return new GoldenFiles(dir, Boolean.getBoolean(UPDATE_PROPERTY), ciValue != null && !ciValue.isBlank());
    }

    /**
     * Checks {@code actual} against {@code name} in the golden directory. Call only after the run that produced it
     * was checked: a run whose steps failed must never become a golden.
     */
    void check(String name, String actual) throws IOException {
        Path golden = dir.resolve(name);
        if (update) {
            if (ci) {
                throw new AssertionFailedError("-D" + UPDATE_PROPERTY + "=true is refused under CI (the CI environment"
                        + " variable is set): goldens are rewritten on a developer's machine and reviewed as a diff");
            }
            Files.createDirectories(dir);
            boolean changed = !Files.exists(golden) || !Files.readString(golden, StandardCharsets.UTF_8).equals(actual);
            if (changed) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
            }
            throw new AssertionFailedError("update mode: golden " + golden + (changed ? " rewritten" : " unchanged")
                    + "; read the diff, then run again without -D" + UPDATE_PROPERTY + "=true");
        }
        if (!Files.exists(golden)) {
            throw new AssertionFailedError("golden " + golden + " does not exist (write it with -D" + UPDATE_PROPERTY
                    + "=true, then review it)");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            throw new AssertionFailedError("output differs from golden " + golden, expected, actual);
        }
    }
}

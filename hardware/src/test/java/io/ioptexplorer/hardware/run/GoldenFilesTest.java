package io.ioptexplorer.hardware.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden switch cannot make a test pass by itself, and cannot be used under CI. */
class GoldenFilesTest {
    @TempDir
    Path dir;

    @Test
    void matchingGoldenPassesAndADifferentOneFailsWithBothTexts() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{1}", StandardCharsets.UTF_8);
        new GoldenFiles(dir, false, false).check("a.json", "{1}");
        assertThatThrownBy(() -> new GoldenFiles(dir, false, false).check("a.json", "{2}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("differs from golden");
    }

    @Test
    void missingGoldenFailsOutsideUpdateMode() {
        assertThatThrownBy(() -> new GoldenFiles(dir, false, false).check("b.json", "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not exist");
        assertThat(dir.resolve("b.json")).doesNotExist();
    }

    @Test
    void updateModeRewritesAndThenFailsEvenWhenNothingChanged() throws Exception {
        Path golden = dir.resolve("c.json");
        Files.writeString(golden, "old", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new GoldenFiles(dir, true, false).check("c.json", "new"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("rewritten");
        assertThat(golden).hasContent("new");
        assertThatThrownBy(() -> new GoldenFiles(dir, true, false).check("c.json", "new"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("unchanged");
        new GoldenFiles(dir, false, false).check("c.json", "new"); // the rerun without the switch is what passes
    }

    @Test
    void updateModeIsRefusedUnderCiAndWritesNothing() throws Exception {
        Path golden = dir.resolve("d.json");
        Files.writeString(golden, "old", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new GoldenFiles(dir, true, true).check("d.json", "new"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("refused under CI");
        assertThat(golden).hasContent("old");
    }

    @Test
    void ciIsReadFromTheEnvironmentVariable() {
        String old = System.getProperty(GoldenFiles.UPDATE_PROPERTY);
        System.setProperty(GoldenFiles.UPDATE_PROPERTY, "true");
        try {
            assertThatThrownBy(() -> GoldenFiles.fromEnvironment(dir, Map.of("CI", "true")).check("e.json", "x"))
                    .hasMessageContaining("refused under CI");
            assertThatThrownBy(() -> GoldenFiles.fromEnvironment(dir, Map.of()).check("e.json", "x"))
                    .hasMessageContaining("rewritten");
        } finally {
            if (old == null) {
                System.clearProperty(GoldenFiles.UPDATE_PROPERTY);
            } else {
                System.setProperty(GoldenFiles.UPDATE_PROPERTY, old);
            }
        }
    }
}

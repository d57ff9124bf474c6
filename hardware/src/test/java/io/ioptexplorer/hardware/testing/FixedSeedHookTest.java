package io.ioptexplorer.hardware.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which seed the hook fixes. */
class FixedSeedHookTest {
    @Test
    void systemPropertyWinsThenCiThenRandom() {
        assertThat(FixedSeedHook.seedFor("42", Map.of("CI", "true"))).contains("42");
        assertThat(FixedSeedHook.seedFor(null, Map.of("CI", "true"))).contains(FixedSeedHook.CI_SEED);
        assertThat(FixedSeedHook.seedFor(" ", Map.of())).isEmpty();
        assertThat(FixedSeedHook.seedFor(null, Map.of("CI", ""))).isEmpty();
    }
}

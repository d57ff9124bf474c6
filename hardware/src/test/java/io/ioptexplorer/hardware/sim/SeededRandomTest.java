package io.ioptexplorer.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The machine's generator draws what {@code new SplittableRandom(seed)} draws, value for value, through every draw
 * the workloads make (nextLong(bound), nextDouble) and the raw ones: the golden reports of every sample were
 * recorded with SplittableRandom, and a copy must go on with the numbers the original would have drawn.
 */
class SeededRandomTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 42, -7, 0x9e3779b97f4a7c15L, Long.MAX_VALUE})
    void drawsWhatSplittableRandomDraws(long seed) {
        RandomGenerator want = new SplittableRandom(seed);
        RandomGenerator got = new SeededRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            switch (i % 7) {
                case 0 -> assertThat(got.nextLong()).isEqualTo(want.nextLong());
                case 1 -> assertThat(got.nextInt()).isEqualTo(want.nextInt());
                case 2 -> assertThat(got.nextDouble()).isEqualTo(want.nextDouble());
                case 3 -> assertThat(got.nextLong(1000 + i)).isEqualTo(want.nextLong(1000 + i));
                case 4 -> assertThat(got.nextLong((1L << 62) + 3 * i)).isEqualTo(want.nextLong((1L << 62) + 3 * i));
                case 5 -> assertThat(got.nextInt(7 + i)).isEqualTo(want.nextInt(7 + i));
                default -> assertThat(got.nextLong(5, 5 + 3L * i + 1)).isEqualTo(want.nextLong(5, 5 + 3L * i + 1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 99})
    void aCopyDrawsWhatTheOriginalWouldHaveDrawnAndTheOriginalIsUntouched(long seed) {
        SeededRandom original = new SeededRandom(seed);
        for (int i = 0; i < 100; i++) {
            original.nextLong(1 + i);
        }
        SeededRandom copy = original.copy(new CopyContext());
        long[] fromCopy = new long[50];
        for (int i = 0; i < fromCopy.length; i++) {
            fromCopy[i] = copy.nextLong();
        }
        for (long v : fromCopy) {
            assertThat(original.nextLong()).isEqualTo(v);
        }
    }
}

package io.ioptexplorer.hardware.sim;

import java.util.random.RandomGenerator;

/**
 * The machine's one seeded generator: {@link java.util.SplittableRandom}'s algorithm (SplitMix64 with its golden
 * gamma, java.base/java/util/SplittableRandom.java: {@code nextSeed}, {@code mix64}, {@code mix32}), value for
 * value, with a state that can be copied: a checkpoint of a run must go on drawing the same numbers the run would
 * have drawn, and {@code SplittableRandom} has no way to copy its seed. Bounded and floating-point draws are
 * {@link RandomGenerator}'s defaults built on {@link #nextLong()} and {@link #nextInt()}, as {@code SplittableRandom}'s
 * are (it does not override them); {@code SeededRandomTest} holds the two to the same sequence.
 */
public final class SeededRandom implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long seed;

    /** The generator {@code new SplittableRandom(seed)} is. */
    public SeededRandom(long seed) {
        this.seed = seed;
    }

    /** A generator in the same state, drawing the same numbers from here on. */
    public SeededRandom copy(CopyContext ctx) {
        return ctx.copy(this, c -> new SeededRandom(seed));
    }

    @Override
    public long nextLong() {
        return mix64(seed += GOLDEN_GAMMA);
    }

    @Override
    public int nextInt() {
        return mix32(seed += GOLDEN_GAMMA);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}

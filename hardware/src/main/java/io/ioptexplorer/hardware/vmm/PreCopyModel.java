package io.ioptexplorer.hardware.vmm;

import java.util.ArrayList;
import java.util.List;

/**
 * The classic iterative pre-copy model, to compare the simulation against. Round 0 sends all memory M; round i+1
 * sends what was dirtied while round i was sent; stop-and-copy starts when the next round would fit the downtime
 * limit at bandwidth B, or when the rounds run out.
 * <ul>
 * <li>{@link #classic}: data dirtied in time t is D·t, so round i carries M·(D/B)^i. It ignores re-dirtying of the
 * same page and so over-estimates once D·t is not small against M.</li>
 * <li>{@link #withRedirtying}: uniform random page writes at w pages/s over N pages dirty N·(1−e^(−w·t/N)) distinct
 * pages in time t (the expected number of occupied bins after w·t throws into N bins).</li>
 * </ul>
 */
public final class PreCopyModel {
    private PreCopyModel() {
    }

    /**
     * @param roundBytes     bytes of each pre-copy round, round 0 first
     * @param stopCopyBytes  bytes sent during stop-and-copy
     * @param downtimeNs     stopCopyBytes / B
     * @param totalBytes     every round plus stop-and-copy
     */
    public record Prediction(List<Double> roundBytes, double stopCopyBytes, double downtimeNs, double totalBytes) {
        public int rounds() {
            return roundBytes.size();
        }
    }

    /** The raw model: the next round carries D·T of the current one. */
    public static Prediction classic(double memBytes, double dirtyBytesPerSecond, double bandwidth,
                                     double downtimeLimitNs, int maxRounds) {
        return iterate(memBytes, bandwidth, downtimeLimitNs, maxRounds, t -> dirtyBytesPerSecond * t);
    }

    /** The model corrected for re-dirtying under uniform random writes of whole pages. */
    public static Prediction withRedirtying(long pages, long pageSize, double pageWritesPerSecond, double bandwidth,
                                            double downtimeLimitNs, int maxRounds) {
        return iterate((double) pages * pageSize, bandwidth, downtimeLimitNs, maxRounds,
                t -> pages * (1 - Math.exp(-pageWritesPerSecond * t / pages)) * pageSize);
    }

    /** Expected distinct pages dirtied in {@code seconds} by uniform writes. */
    public static double distinctPages(long pages, double pageWritesPerSecond, double seconds) {
        return pages * (1 - Math.exp(-pageWritesPerSecond * seconds / pages));
    }

    private interface Dirtied {
        double bytesIn(double seconds);
    }

    private static Prediction iterate(double mem, double bandwidth, double limitNs, int maxRounds, Dirtied f) {
        List<Double> rounds = new ArrayList<>();
        double current = mem;
        double total = 0;
        while (true) {
            rounds.add(current);
            total += current;
            double next = f.bytesIn(current / bandwidth);
            double nextNs = next / bandwidth * 1e9;
            if (nextNs <= limitNs || rounds.size() >= maxRounds) {
                return new Prediction(List.copyOf(rounds), next, nextNs, total + next);
            }
            current = next;
        }
    }
}

package io.ioptexplorer.hardware.scenario;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions by Damerau-Levenshtein (optimal string alignment) distance. */
public final class Suggest {
    private Suggest() {
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of adjacent characters. */
    public static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }

    /**
     * The closest candidate if it is close enough to be a likely typo: same text ignoring case, or within 1 edit
     * for words up to 3 characters, 2 up to 6, 3 beyond.
     */
    public static Optional<String> closest(String wrong, Collection<String> candidates) {
        if (wrong == null || wrong.length() > 200) {
            return Optional.empty();
        }
        String lower = wrong.toLowerCase(Locale.ROOT);
        int allowed = wrong.length() <= 3 ? 1 : wrong.length() <= 6 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int dist = c.toLowerCase(Locale.ROOT).equals(lower) ? 0 : distance(wrong, c);
            if (dist < bestDistance) {
                best = c;
                bestDistance = dist;
            }
        }
        return best != null && bestDistance <= allowed && !best.equals(wrong) ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} or the empty string. */
    public static String didYouMean(String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }
}

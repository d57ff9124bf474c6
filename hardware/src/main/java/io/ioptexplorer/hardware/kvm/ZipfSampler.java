package io.ioptexplorer.hardware.kvm;

import java.util.random.RandomGenerator;

/**
 * Draws ranks 1..n with probability proportional to {@code rank^-skew}, in O(1) memory, by rejection-inversion
 * (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates from monotone discrete distributions",
 * ACM TOMACS 6(3), 1996). Written here from the method's formulas; all randomness comes from the caller's generator.
 */
public final class ZipfSampler {
    private final long n;
    private final double skew;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double squeeze;

    public ZipfSampler(long n, double skew) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one element: " + n);
        }
        if (!(skew > 0) || Double.isInfinite(skew)) {
            throw new IllegalArgumentException("zipf skew must be positive and finite: " + skew);
        }
        this.n = n;
        this.skew = skew;
        this.hIntegralX1 = bigH(1.5) - 1.0;
        this.hIntegralN = bigH(n + 0.5);
        this.squeeze = 2.0 - bigHInverse(bigH(2.5) - h(2.0));
    }

    public long n() {
        return n;
    }

    public double skew() {
        return skew;
    }

    /** One rank in [1, n]; rank 1 is the most likely. */
    public long sample(RandomGenerator rng) {
        while (true) {
            double u = hIntegralN + rng.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = bigHInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= squeeze || u >= bigH(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    /** h(x) = x^-skew, the unnormalised density. */
    private double h(double x) {
        return Math.exp(-skew * Math.log(x));
    }

    /** H(x) = ∫₁ˣ t^-skew dt, written to stay accurate when skew is near 1. */
    private double bigH(double x) {
        double logX = Math.log(x);
        return expm1OverT((1.0 - skew) * logX) * logX;
    }

    private double bigHInverse(double y) {
        double t = y * (1.0 - skew);
        if (t < -1.0) {
            t = -1.0; // rounding guard at the end of the support
        }
        return Math.exp(log1pOverT(t) * y);
    }

    /** (e^t − 1)/t, → 1 as t → 0. */
    private static double expm1OverT(double t) {
        return Math.abs(t) > 1e-8 ? Math.expm1(t) / t : 1.0 + t / 2.0 * (1.0 + t / 3.0);
    }

    /** ln(1 + t)/t, → 1 as t → 0. */
    private static double log1pOverT(double t) {
        return Math.abs(t) > 1e-8 ? Math.log1p(t) / t : 1.0 - t * (0.5 - t / 3.0);
    }
}

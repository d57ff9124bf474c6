package io.ioptexplorer.hardware.vmm;

import java.math.BigInteger;

/**
 * The migration link and loop limits.
 *
 * @param bandwidthBytesPerSecond link bandwidth B
 * @param downtimeLimitNs         stop-and-copy starts when the estimated remaining transfer fits this
 * @param maxRounds               pre-copy rounds at most (round 0, the full copy, included)
 * @param sliceNs                 granularity at which devices and vCPUs run while a round transfers
 */
public record LinkConfig(long bandwidthBytesPerSecond, long downtimeLimitNs, int maxRounds, long sliceNs) {
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    public LinkConfig {
        if (bandwidthBytesPerSecond <= 0 || downtimeLimitNs < 0 || maxRounds < 1 || sliceNs <= 0) {
            throw new IllegalArgumentException("need bandwidth > 0, downtime limit >= 0, maxRounds >= 1, slice > 0");
        }
    }

    /** 1 ms slices. */
    public static LinkConfig of(long bandwidthBytesPerSecond, long downtimeLimitNs, int maxRounds) {
        return new LinkConfig(bandwidthBytesPerSecond, downtimeLimitNs, maxRounds, 1_000_000L);
    }

    /** Simulated nanoseconds to send {@code bytes} at the link bandwidth, rounded up (saturating at Long.MAX_VALUE). */
    public long transferNs(long bytes) {
        long q = bytes / bandwidthBytesPerSecond;
        long r = bytes % bandwidthBytesPerSecond;
        try {
            return Math.addExact(Math.multiplyExact(q, 1_000_000_000L),
                    (long) Math.ceil(r * 1e9 / bandwidthBytesPerSecond));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Whether {@code pendingBytes} still to send let pre-copy switch over to stop-and-copy: QEMU's
     * {@code migration_iteration_run()} completes when nothing is pending or {@code pending_size < threshold_size}
     * (bandwidth × downtime limit), strictly; exact integer arithmetic, so pending bytes that take exactly the
     * limit do not fit.
     */
    public boolean switchesOver(long pendingBytes) {
        return pendingBytes == 0 || BigInteger.valueOf(pendingBytes).multiply(NANOS_PER_SECOND)
                .compareTo(BigInteger.valueOf(bandwidthBytesPerSecond).multiply(BigInteger.valueOf(downtimeLimitNs)))
                < 0;
    }

    /** Bytes the link has carried after {@code nanos}, rounded down (saturating at Long.MAX_VALUE). */
    public long bytesIn(long nanos) {
        long q = nanos / 1_000_000_000L;
        long r = nanos % 1_000_000_000L;
        try {
            return Math.addExact(Math.multiplyExact(q, bandwidthBytesPerSecond),
                    (long) Math.floor(r * (double) bandwidthBytesPerSecond / 1e9));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}

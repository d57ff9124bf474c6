package io.ioptexplorer.hardware.device;

/**
 * Exact due times of a constant-rate event stream in simulated nanoseconds: event k is due at
 * {@code k * NANOS_PER_SECOND / eventsPerSecond}, computed without drift by keeping the remainder, so a workload
 * performs exactly {@code floor(rate * t)} events in {@code t} seconds whatever the step sizes.
 */
public final class RateSchedule {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final long bytesPerSecond;
    private final long bytesPerEvent;
    private long now;
    private long eventsDone;

    /** Events of {@code bytesPerEvent} bytes at {@code bytesPerSecond}. A rate of 0 never fires. */
    public RateSchedule(long bytesPerSecond, long bytesPerEvent) {
        if (bytesPerSecond < 0 || bytesPerEvent <= 0) {
            throw new IllegalArgumentException("rate must be >= 0 and event size > 0");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.bytesPerEvent = bytesPerEvent;
    }

    /** A schedule at the same time, with the same events done. */
    public RateSchedule copy() {
        RateSchedule r = new RateSchedule(bytesPerSecond, bytesPerEvent);
        r.now = now;
        r.eventsDone = eventsDone;
        return r;
    }

    /** Advances time by {@code nanos} and returns how many events fell due in it. */
    public long advance(long nanos) {
        now += nanos;
        if (bytesPerSecond == 0) {
            return 0;
        }
        // events due by `now` = floor(now * rate / (size * 1e9)), in 128-bit-safe arithmetic
        long due = multiplyDivide(now, bytesPerSecond, bytesPerEvent * NANOS_PER_SECOND);
        long n = due - eventsDone;
        eventsDone = due;
        return n;
    }

    public long now() {
        return now;
    }

    public long eventsDone() {
        return eventsDone;
    }

    static long multiplyDivide(long a, long b, long c) {
        return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                .divide(java.math.BigInteger.valueOf(c)).longValueExact();
    }
}

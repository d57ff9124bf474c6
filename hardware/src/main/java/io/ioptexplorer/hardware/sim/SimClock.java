package io.ioptexplorer.hardware.sim;

/**
 * Simulated time in nanoseconds. Advanced only by the cost model and by explicit steps, never by the wall clock,
 * so the same topology and seed give the same run.
 */
public final class SimClock {
    private long nowNs;

    /** A clock at the same time. */
    public SimClock copy(CopyContext ctx) {
        return ctx.copy(this, c -> {
            SimClock k = new SimClock();
            k.nowNs = nowNs;
            return k;
        });
    }

    public long now() {
        return nowNs;
    }

    public void advance(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("time cannot go backwards: " + ns + " ns");
        }
        nowNs += ns;
    }
}

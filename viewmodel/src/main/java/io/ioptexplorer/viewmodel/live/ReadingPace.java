package io.ioptexplorer.viewmodel.live;

/**
 * How often a view made for reading (wrapped text, such as the inspector's) follows the machine while it plays: at
 * most a few times a second, and at once whenever it stops. At full speed the moment changes at every frame, faster
 * than anyone reads; laying out new wrapped text at every frame cost the JavaFX thread much of its frame (issue 11).
 */
public final class ReadingPace {
    /** At most five updates a second while the machine plays. */
    public static final long INTERVAL_NANOS = 200_000_000L;

    private final long intervalNanos;
    private long lastShown = Long.MIN_VALUE;

    /** At most five updates a second ({@link #INTERVAL_NANOS}). */
    public ReadingPace() {
        this(INTERVAL_NANOS);
    }

    /** At most one update per {@code intervalNanos} while the machine plays (for a picture costly to take). */
    public ReadingPace(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether a snapshot arriving at {@code nowNanos} is shown; a paused one always is. */
    public boolean admit(boolean paused, long nowNanos) {
        if (paused || lastShown == Long.MIN_VALUE || nowNanos - lastShown >= intervalNanos) {
            lastShown = nowNanos;
            return true;
        }
        return false;
    }
}

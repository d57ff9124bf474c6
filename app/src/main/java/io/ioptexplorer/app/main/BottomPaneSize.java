package io.ioptexplorer.app.main;

/**
 * The default height of the bottom pane (event log and timeline strip), from the height the explorer's panes have:
 * the event log's lines take at most {@link #SHARE} of it, and never fewer than {@link #MIN_LINES} (enough to read
 * the events around the current one) nor more than {@link #MAX_LINES}; the strip is always whole. At 1280x800 that
 * leaves the centre (the Page tables tab) all the rest; a taller window gives the log more lines. In pixels, not a
 * fraction of the window: the same fraction that suits 1920x1080 left the centre a third of a 1280x800 screen.
 */
final class BottomPaneSize {
    static final int MIN_LINES = 4;
    static final int MAX_LINES = 12;
    /** The most of the panes' height the bottom takes beyond its minimum. */
    static final double SHARE = 0.30;

    private BottomPaneSize() {
    }

    /**
     * How many event-log lines the default layout shows when the panes are {@code panesHeight} tall, the bottom's
     * fixed parts (its filter bar, padding and the strip) {@code chrome} and a line {@code lineHeight}.
     */
    static int lines(double panesHeight, double chrome, double lineHeight) {
        int fit = (int) Math.floor((SHARE * panesHeight - chrome) / lineHeight);
        return Math.max(MIN_LINES, Math.min(MAX_LINES, fit));
    }

    /**
     * The outer divider's position that gives the bottom at least {@code bottomHeight} of {@code panesHeight}: a
     * split pane centres its divider, {@code dividerWidth} thick, on the position, so half of it comes off the bottom
     * (and a pixel of rounding more would cost the log a line). Never leaves the centre less than half.
     */
    static double dividerFor(double panesHeight, double bottomHeight, double dividerWidth) {
        if (panesHeight <= 0) {
            return 0.64;
        }
        return Math.max(0.5, Math.min(0.95, 1 - (bottomHeight + dividerWidth) / panesHeight));
    }

    /** The bottom's height that {@link #dividerFor} places the divider at {@code position} for. */
    static double heightFor(double panesHeight, double position, double dividerWidth) {
        return Math.max(0, (1 - position) * panesHeight - dividerWidth);
    }
}

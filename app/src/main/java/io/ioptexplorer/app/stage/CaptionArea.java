package io.ioptexplorer.app.stage;

/**
 * How tall the stage banner's caption area may be: at most {@link #SHARE} of the screen's height, so that the views
 * keep most of the screen whatever the caption's length, scale and screen; never less than {@link #LEAST_PX}, two
 * lines of the caption at 1x, so that even a very short window shows where a caption starts. A longer caption
 * scrolls inside that area.
 */
final class CaptionArea {
    /** The share of the screen's height the caption may take (the banner's progress line comes on top of it). */
    static final double SHARE = 0.22;
    static final double LEAST_PX = 48;

    private CaptionArea() {
    }

    /** The caption area's greatest height on a screen (the stage's root) {@code screenHeight} tall. */
    static double mostHeight(double screenHeight) {
        return Math.max(LEAST_PX, Math.floor(SHARE * screenHeight));
    }
}

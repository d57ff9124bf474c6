package io.ioptexplorer.app.stage;

/**
 * How tall the stage banner's caption area may be: the whole banner (its progress line and the caption) takes at
 * most {@link #BANNER_SHARE} of the screen's height, so that the views keep most of the screen whatever the
 * caption's length, scale and screen (with 0.3, the banner, the tabs and the next caption left the page-table tree 6
 * rows at 2x on 1280x800; 0.22 still shows three lines of a caption there); the caption never less than {@link #LEAST_PX}, two lines at 1x, so that even a
 * very short screen shows where a caption starts. A longer caption scrolls inside that area.
 */
final class CaptionArea {
    /** The share of the screen's height the whole banner may take. */
    static final double BANNER_SHARE = 0.22;
    static final double LEAST_PX = 48;

    private CaptionArea() {
    }

    /**
     * The caption area's greatest height on a screen (the stage's root) {@code screenHeight} tall, when the rest of
     * the banner (its padding, progress line and spacing) takes {@code bannerRest}.
     */
    static double mostHeight(double screenHeight, double bannerRest) {
        return Math.max(LEAST_PX, Math.floor(BANNER_SHARE * screenHeight - bannerRest));
    }
}

package io.ioptexplorer.app.stage;

import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Whether the banner's caption, at its large size, would take more than {@link #MAX_LINES} lines of the screen's
 * width: then it is set smaller (style class {@code long}), so the views keep most of the screen. Measured, not
 * counted in characters: the same caption fits three lines at 1600 px and takes five at 1280 px, at 2x.
 */
final class CaptionFit {
    static final int MAX_LINES = 3;
    /** presentation.css: {@code .stage-banner-caption { -fx-font-size: 1.45em }}, padding 1em each side. */
    static final double CAPTION_EM = 1.45;
    /** presentation.css: {@code .stage-banner-caption.long { -fx-font-size: 1.1em }}. */
    static final double LONG_CAPTION_EM = 1.1;
    static final double SIDE_PADDING_EM = 2;

    private CaptionFit() {
    }

    /** The font {@code caption} is shown in on the banner: bold, smaller when {@link #tooLong}. */
    static Font fontOf(String caption, double bannerWidth, double scale) {
        double em = StageScale.BASE_FONT_PX * scale;
        return Font.font(Font.getDefault().getFamily(), FontWeight.BOLD,
            (tooLong(caption, bannerWidth, scale) ? LONG_CAPTION_EM : CAPTION_EM) * em);
    }

    static boolean tooLong(String caption, double bannerWidth, double scale) {
        if (caption == null || caption.isEmpty() || bannerWidth <= 0) {
            return false;
        }
        double em = StageScale.BASE_FONT_PX * scale;
        Text probe = new Text(caption);
        probe.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, CAPTION_EM * em));
        probe.setWrappingWidth(Math.max(1, bannerWidth - SIDE_PADDING_EM * em));
        Text oneLine = new Text("Xg");
        oneLine.setFont(probe.getFont());
        return probe.getLayoutBounds().getHeight() > (MAX_LINES + 0.5) * oneLine.getLayoutBounds().getHeight();
    }
}

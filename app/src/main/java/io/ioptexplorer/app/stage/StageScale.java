package io.ioptexplorer.app.stage;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * The scale everything custom-drawn is drawn at: 1 normally, the presentation scale (1x to 2.5x) in presentation
 * mode. Fonts and controls follow the scene's root font size (em-based CSS); canvases have no CSS, so they read
 * this and redraw when it changes. Presentation mode is its only writer.
 */
public final class StageScale {
    private static final DoubleProperty SCALE = new SimpleDoubleProperty(1.0);

    /** The root font size at scale 1, in pixels; app.css sizes are em relative to it. */
    public static final double BASE_FONT_PX = 14;

    private StageScale() {
    }

    public static DoubleProperty property() {
        return SCALE;
    }

    public static double get() {
        return SCALE.get();
    }
}

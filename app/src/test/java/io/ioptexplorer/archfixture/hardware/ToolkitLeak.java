package io.ioptexplorer.archfixture.hardware;

import javafx.scene.paint.Color;

/** Breaks the layering rule on purpose: a "hardware" class using JavaFX. Only LayeringTest looks at it. */
public final class ToolkitLeak {
    public Color colour() {
        return Color.RED;
    }
}

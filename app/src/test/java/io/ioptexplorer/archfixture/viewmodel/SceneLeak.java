package io.ioptexplorer.archfixture.viewmodel;

import javafx.scene.control.Label;

/** Breaks the layering rule on purpose: a "view model" building scene-graph nodes. Only LayeringTest looks at it. */
public final class SceneLeak {
    public Label label() {
        return new Label("leak");
    }
}

package io.ioptexplorer.archfixture.viewmodel;

import io.ioptexplorer.archfixture.app.FixtureWindow;

/** Breaks the layering rule on purpose: a "view model" reaching up into the app layer. Only LayeringTest looks at it. */
public final class UpwardReach {
    public String title(FixtureWindow window) {
        return window.title();
    }
}

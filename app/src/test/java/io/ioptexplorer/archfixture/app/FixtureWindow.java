package io.ioptexplorer.archfixture.app;

/** Stands for an app class in the layering fixture; {@code viewmodel.UpwardReach} depends on it on purpose. */
public final class FixtureWindow {
    public String title() {
        return "fixture";
    }
}

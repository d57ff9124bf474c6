package io.ioptexplorer.app.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.ioptexplorer.viewmodel.main.Theme;
import javafx.application.Application;

/** Maps the view model's theme to AtlantaFX stylesheets; the user-agent stylesheet styles every window at once. */
public final class ThemeStyles {
    private static final String LIGHT = new PrimerLight().getUserAgentStylesheet();
    private static final String DARK = new PrimerDark().getUserAgentStylesheet();

    private ThemeStyles() {
    }

    public static String stylesheetOf(Theme theme) {
        return theme == Theme.DARK ? DARK : LIGHT;
    }

    /** Whether the dark theme is on (custom-drawn canvases pick their colours by it). */
    public static boolean isDark() {
        return DARK.equals(Application.getUserAgentStylesheet());
    }

    public static void apply(Theme theme) {
        Application.setUserAgentStylesheet(stylesheetOf(theme));
    }
}

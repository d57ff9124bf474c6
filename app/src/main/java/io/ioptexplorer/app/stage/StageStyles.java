package io.ioptexplorer.app.stage;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.ioptexplorer.viewmodel.stage.StageTheme;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Stylesheets of presentation mode: the high-contrast overrides and the scaled root font and icon sizes. */
final class StageStyles {
    static final String HIGH_CONTRAST_LIGHT = css("high-contrast-light.css");
    static final String HIGH_CONTRAST_DARK = css("high-contrast-dark.css");
    static final String PRESENTATION = css("presentation.css");

    private StageStyles() {
    }

    private static String css(String name) {
        return StageStyles.class.getResource("/io/ioptexplorer/app/stage/" + name).toExternalForm();
    }

    /** The AtlantaFX base a high-contrast theme builds on; null for the window's own theme. */
    static String baseOf(StageTheme t) {
        return switch (t) {
            case HIGH_CONTRAST_LIGHT -> new PrimerLight().getUserAgentStylesheet();
            case HIGH_CONTRAST_DARK -> new PrimerDark().getUserAgentStylesheet();
            case STANDARD -> null;
        };
    }

    static String overridesOf(StageTheme t) {
        return switch (t) {
            case HIGH_CONTRAST_LIGHT -> HIGH_CONTRAST_LIGHT;
            case HIGH_CONTRAST_DARK -> HIGH_CONTRAST_DARK;
            case STANDARD -> null;
        };
    }

    /**
     * A stylesheet (as a data URI) setting the root font size for {@code scale}; everything sized in em follows.
     * Ikonli icons are sized in pixels in code, so they get their scaled size here too (an author stylesheet wins
     * over a value set in code).
     */
    static String scaled(double scale) {
        String css = String.format(Locale.ROOT, ".root { -fx-font-size: %.1fpx; }%n"
                + ".ikonli-font-icon { -fx-icon-size: %d; }%n", StageScale.BASE_FONT_PX * scale,
                Math.round(20 * scale));
        return "data:text/css;base64," + Base64.getEncoder().encodeToString(css.getBytes(StandardCharsets.UTF_8));
    }
}

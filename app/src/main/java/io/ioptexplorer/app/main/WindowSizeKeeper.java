package io.ioptexplorer.app.main;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Keeps the size a window was opened at while the window manager settles. Under Xvfb with openbox (the set-up in
 * toolchain.md), JavaFX 21's GTK window receives the toolkit's 200x200 default in stale configure events after it is
 * shown, and the stage ends at that size or at its minimum (seen: 898x575 and 198x175 for a 1520x880 request). For a
 * short while after showing, a shrink the user did not ask for is undone; after that the window is the user's.
 */
final class WindowSizeKeeper {
    /** Long enough for the window manager's configure events to arrive; far shorter than a user's first drag. */
    private static final Duration SETTLE = Duration.seconds(2);

    private WindowSizeKeeper() {
    }

    static void keep(Stage stage, double width, double height) {
        boolean[] queued = {false};
        InvalidationListener undoShrink = o -> {
            if (!queued[0] && (stage.getWidth() < width - 8 || stage.getHeight() < height - 40)) {
                queued[0] = true;
                Platform.runLater(() -> {
                    queued[0] = false;
                    stage.setWidth(width);
                    stage.setHeight(height);
                });
            }
        };
        stage.widthProperty().addListener(undoShrink);
        stage.heightProperty().addListener(undoShrink);
        PauseTransition settled = new PauseTransition(SETTLE);
        settled.setOnFinished(e -> {
            stage.widthProperty().removeListener(undoShrink);
            stage.heightProperty().removeListener(undoShrink);
        });
        settled.play();
    }
}

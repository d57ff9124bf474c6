package io.ioptexplorer.app.controls;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;

/**
 * Work that needs the window's styles and layout resolved (a font, an icon's size, a label's wrapped height): run
 * after the next pulse's CSS and layout, once however often it is asked for before then.
 */
public final class AfterLayout {
    private AfterLayout() {
    }

    /**
     * A request that runs {@code work} after the next pulse's CSS and layout of {@code node}'s scene; requests before
     * then are one. Nothing runs while the node is in no scene (ask again when it is placed in one).
     */
    public static Runnable coalesced(Node node, Runnable work) {
        boolean[] queued = {false};
        return () -> {
            Scene scene = node.getScene();
            if (queued[0] || scene == null) {
                return;
            }
            queued[0] = true;
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    queued[0] = false;
                    work.run();
                }
            });
            Platform.requestNextPulse();
        };
    }
}

package io.ioptexplorer.app.main;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import javafx.animation.AnimationTimer;

/**
 * Runs tasks on the JavaFX thread at the next pulse, all in one frame: the live session hands its (already
 * coalesced) snapshots here, so the window takes at most one update per frame and never a {@code runLater} per event.
 */
public final class FrameExecutor implements Executor {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                r.run();
            }
        }
    };

    /** Starts draining at every pulse; call on the FX thread. */
    public FrameExecutor start() {
        timer.start();
        return this;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
    }
}

package io.ioptexplorer.benchmarks.live;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** The window harnesses' JavaFX: headless Monocle, the software pipeline, a 1600x1000 screen; work run on its thread. */
final class HeadlessFx {
    private HeadlessFx() {
    }

    /**
     * Starts the toolkit headless (once per JVM; a harness runs in a JVM of its own). With {@code -Dfx.display=x11}
     * it opens a real window on {@code $DISPLAY} instead (GTK, still the software pipeline), e.g. on Xvfb: headless
     * Monocle composes every frame whole into its screen buffer, a cost of the test platform a real display does not
     * have in the same form.
     */
    static void start() throws InterruptedException {
        if (!onDisplay()) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("headless.geometry", "1600x1000-32");
        }
        System.setProperty("prism.order", "sw");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
    }

    /** Whether {@link #start} opened a real window ({@code -Dfx.display=x11}) rather than headless Monocle. */
    static boolean onDisplay() {
        return "x11".equals(System.getProperty("fx.display"));
    }

    /** Runs {@code c} on the JavaFX thread and returns its result (at most 5 minutes). */
    static <T> T onFx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(5, TimeUnit.MINUTES);
    }

    /** As {@link #onFx(Callable)}, for work with no result. */
    static void run(Runnable r) throws Exception {
        onFx(() -> {
            r.run();
            return null;
        });
    }
}

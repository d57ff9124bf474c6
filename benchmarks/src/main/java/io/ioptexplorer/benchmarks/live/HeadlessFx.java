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

    /** Starts the toolkit headless (once per JVM; a harness runs in a JVM of its own). */
    static void start() throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("headless.geometry", "1600x1000-32");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
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

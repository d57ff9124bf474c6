package io.ioptexplorer.app.shots;

import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;

/** Starts JavaFX without a display (Monocle's headless glass, the software renderer), unless it already runs. */
public final class HeadlessToolkit {
    private HeadlessToolkit() {
    }

    /** Returns true when this call started the toolkit (and so may end it). */
    public static boolean start(int width, int height) throws InterruptedException {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("headless.geometry", width + "x" + height + "-32");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("java.awt.headless", "true");
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            return false;
        }
        up.await();
        Platform.setImplicitExit(false);
        return true;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

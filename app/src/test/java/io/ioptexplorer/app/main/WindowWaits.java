package io.ioptexplorer.app.main;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** How window tests wait for the live machine: until it has paused and its snapshot is drawn, or for a condition. */
public final class WindowWaits {
    private WindowWaits() {
    }

    /** Until the machine is idle (bounded: 90 s for a loaded CI host), then a frame or two for the snapshot. */
    public static void idle(MainWindowView view) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !view.scenario().busyProperty().get());
        Thread.sleep(100); // a frame or two for the coalesced snapshot to be drawn
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Until {@code condition} holds (at most 20 s), then the FX events it caused. */
    public static void until(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}

package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.app.main.MainWindow;
import io.ioptexplorer.app.main.MainWindowView;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.settings.InMemorySettingsStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;

/**
 * The whole window's heap on one sample (issue 11: the window stays within a 1 GiB heap on every sample). Opens the
 * real window headless (Monocle, software pipeline, 1600x1000), runs the sample to its end with every view live (the
 * timeline, the event log, the lanes, the dashboard), then steps back once from the end, and prints the heap: the
 * peak over the run (the sum of the heap pools' peaks, an upper bound of what was live at once) and what is live
 * after a full GC at the end. Run it in a JVM of its own per sample, with the heap the claim is about:
 *
 * <pre>for s in $(cat sample-topologies/samples.txt); do
 *   java -Xmx1g -cp benchmarks/target/benchmarks.jar io.ioptexplorer.benchmarks.live.WindowHeapHarness $s; done</pre>
 *
 * An {@code OutOfMemoryError} anywhere prints "NOT within" and exits 1.
 */
public final class WindowHeapHarness {
    private WindowHeapHarness() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length > 0 ? args[0] : "scale-64gib-guest.yaml";
        long max = Runtime.getRuntime().maxMemory();
        AtomicReference<Throwable> oom = new AtomicReference<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof OutOfMemoryError) {
                oom.set(e);
            }
        });
        HeadlessFx.start();
        AtomicReference<MainWindowView> view = new AtomicReference<>();
        onFx(() -> {
            view.set(MainWindow.open(new Stage(), new InMemorySettingsStore(), "sample:" + sample));
            return null;
        });
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        String outcome;
        try {
            MachineSnapshot end = onFx(() -> view.get().scenario().runToEnd()).get(30, TimeUnit.MINUTES);
            onFx(() -> view.get().scenario().stepBack()).get(30, TimeUnit.MINUTES);
            outcome = end.timelineSize() + " events";
        } catch (Exception e) {
            outcome = "failed: " + e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(500); // the last frames draw
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long live = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        boolean within = oom.get() == null && !outcome.startsWith("failed");
        System.out.printf("%-40s -Xmx%4d MiB  %s in %.1f s; peak %5d MiB, live after GC %5d MiB: %s%n", sample,
                max >> 20, outcome, seconds, peak >> 20, live >> 20,
                within ? "within" : "NOT within (" + (oom.get() != null ? oom.get() : outcome) + ")");
        System.exit(within ? 0 : 1);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return HeadlessFx.onFx(c);
    }
}

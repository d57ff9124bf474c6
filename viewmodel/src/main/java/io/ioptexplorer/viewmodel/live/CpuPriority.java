package io.ioptexplorer.viewmodel.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the CPU priority of the calling thread, so that on a machine with few cores the window's threads (the JavaFX
 * thread and the renderer) take a core first and the simulation runs in what they leave. Java has no portable call
 * for a thread's priority ({@code Thread.setPriority} is ignored on Linux unless the JVM is started with
 * {@code -XX:ThreadPriorityPolicy=1}), so on Linux the thread's nice value is set with {@code renice} on its own
 * thread id, read from {@code /proc/thread-self}; lowering a priority needs no privilege. Elsewhere, or should that
 * fail, nothing changes: the simulation only competes with the window as before.
 *
 * <p>Measured (issue 11, FrameTimeHarness on the 64 GiB sample, two cores, warm plays at full speed): the machine
 * thread reniced from outside to 10, p99 21.6-26.8 ms in three one-play runs against 21.7-43.5 ms in ten without
 * (19: 24.4-25.8 ms, no better); built in, five plays pooled, p99 31.0 and 26.0 ms against 35.3 and 29.6 ms without.
 */
public final class CpuPriority {
    /** The nice value the simulation runs at: below the window's 0; 19 measured no better. */
    public static final int SIMULATION_NICE = 10;

    private CpuPriority() {
    }

    /**
     * Sets the calling thread's nice value to {@code nice} unless it is there or lower already (raising a priority
     * would need a privilege); true if the thread now runs at {@code nice} or lower.
     */
    public static boolean lowerCurrentThread(int nice) {
        Path self = Path.of("/proc/thread-self");
        try {
            if (!Files.isSymbolicLink(self)) {
                return false; // not Linux
            }
            if (currentNice() >= nice) {
                return true; // started under nice, say: already below the window's priority
            }
            String thread = Files.readSymbolicLink(self).getFileName().toString(); // "<pid>/task/<tid>"
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", thread)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroy();
                return false;
            }
            return currentNice() >= nice;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no renice here: the thread keeps its priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The calling thread's nice value from {@code /proc/thread-self/stat} (its 19th field), or
     * {@code Integer.MIN_VALUE} where there is none.
     */
    public static int currentNice() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // The command name (2nd field) is in parentheses and may hold spaces: count fields after its ')'.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(after[19 - 3]);
        } catch (IOException | RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }
}

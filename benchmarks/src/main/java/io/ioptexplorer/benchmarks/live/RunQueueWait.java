package io.ioptexplorer.benchmarks.live;

import io.ioptexplorer.viewmodel.live.CpuPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How long a thread has waited, runnable, for a CPU: the second field of Linux's {@code /proc/<pid>/task/<tid>/schedstat}
 * ({@code run_delay}, in ns; Documentation/scheduler/sched-stats.rst). A slow frame whose threads worked little either
 * waited here (another thread had the core: the machine, the JIT, the collector) or waited on something else (a
 * collector's pause, the renderer); this tells the two apart. Elsewhere, or where the file is not readable, every read
 * is 0.
 */
final class RunQueueWait {
    private final Path schedstat;

    private RunQueueWait(Path schedstat) {
        this.schedstat = schedstat;
    }

    /** The calling thread's. */
    static RunQueueWait ofCurrentThread() {
        try {
            Path self = Path.of("/proc/thread-self").toRealPath(); // /proc/<pid>/task/<tid>
            return new RunQueueWait(self.resolve("schedstat"));
        } catch (IOException | UnsupportedOperationException e) {
            return new RunQueueWait(null);
        }
    }

    /** The first of this process's threads whose kernel name ({@code comm}, 15 characters at most) starts so. */
    static RunQueueWait ofThreadNamed(String prefix) {
        List<String> ids = CpuPriority.threadIds(comm -> comm.startsWith(prefix));
        return new RunQueueWait(ids.isEmpty() ? null : Path.of("/proc/self/task", ids.get(0), "schedstat"));
    }

    /** Nanoseconds spent runnable but not running, since the thread started; 0 where unknown. */
    long nanos() {
        if (schedstat == null) {
            return 0;
        }
        try {
            String[] f = Files.readString(schedstat).trim().split(" ");
            return f.length > 1 ? Long.parseLong(f[1]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}

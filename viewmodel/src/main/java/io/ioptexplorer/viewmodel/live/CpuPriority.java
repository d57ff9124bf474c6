package io.ioptexplorer.viewmodel.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Puts background work (the simulation, and on a host with few cores the JIT's compilers) behind the window's threads
 * (the JavaFX thread and the renderer), so that a play at full speed leaves them a core the moment they want one.
 * Java has no portable call for a thread's priority ({@code Thread.setPriority} is ignored on Linux unless the JVM is
 * started with {@code -XX:ThreadPriorityPolicy=1}), so on Linux this runs util-linux's {@code chrt} or {@code renice}
 * on a thread id read from {@code /proc}; moving one's own threads down needs no privilege (sched_setscheduler(2),
 * setpriority(2)), moving them back up would. Elsewhere, or should that fail, nothing changes.
 *
 * <p>Where the cores are fewer than the threads a play keeps busy (the JavaFX thread, the renderer, the machine and
 * C2: {@link #BUSY_THREADS_WHILE_PLAYING}), the simulation and the compilers go to {@code SCHED_IDLE}: the kernel's
 * fair scheduler lets a waking ordinary thread preempt an idle-policy thread at once, where a thread at nice 10 or 19
 * keeps its core until the next tick or the end of its slice (kernel/sched/fair.c, {@code check_preempt_wakeup_fair}:
 * "idle tasks are by definition preempted by non-idle tasks"). The price: with other programs keeping every core busy
 * the simulation and the JIT get almost nothing, so on more cores the simulation only goes to nice 10 and the JIT is
 * left alone.
 *
 * <p>Measured (issue 11, FrameTimeHarness, 64 GiB sample, two cores, three warm plays pooled): the machine at nice
 * 10 alone gave p99 31.0 and 26.0 ms against 35.3 and 29.6 ms; with Shenandoah, the machine alone at SCHED_IDLE 25.8
 * and 24.9 ms, the compilers alone 26.4 and 20.3 ms, both 18.1-19.5 ms in six runs (2026-11-30 22:02-22:15 UTC, set
 * from outside the JVM with {@code chrt -i}); built in, 19.7, 18.7 and 19.6 ms against 25.8-30.5 ms for the build
 * before (22:28-22:40 UTC; G1 instead of Shenandoah: 25.7 and 22.4 ms).
 */
public final class CpuPriority {
    /** The nice value the simulation runs at where the cores are many: below the window's 0. */
    public static final int SIMULATION_NICE = 10;
    /** The JavaFX thread, the renderer, the machine and C2: what a play at full speed keeps busy. */
    static final int BUSY_THREADS_WHILE_PLAYING = 4;
    /** {@code SCHED_IDLE} in include/uapi/linux/sched.h, as {@code /proc/<pid>/task/<tid>/stat} shows it. */
    static final int SCHED_IDLE = 5;
    /**
     * HotSpot's compiler threads as the kernel names them (15 characters: "C1 CompilerThread0" and C2's), and the
     * code cache's sweeper (JDK 17 to 19), which ran 3-11 ms in some of the slow frames left.
     */
    static final Predicate<String> COMPILER_THREAD = comm -> comm.startsWith("C1 CompilerThre")
            || comm.startsWith("C2 CompilerThre") || comm.equals("Sweeper thread");

    /**
     * Set by {@link #backgroundCompilers} in the window's own process where the cores are few: only then does the
     * simulation go to SCHED_IDLE. In a test JVM (no entry point calls it) it stays at nice 10, as the UI tests were
     * written against: with the machine idle-policy there, a TestFX wait in PageTableFocusTest timed out in two of
     * four CI runs.
     */
    private static volatile boolean idlePolicyForSimulation;

    private CpuPriority() {
    }

    /** Fewer cores than a play keeps busy: the window's threads would wait for one behind the simulation or C2. */
    public static boolean fewCores() {
        return Runtime.getRuntime().availableProcessors() < BUSY_THREADS_WHILE_PLAYING;
    }

    /**
     * Puts the calling thread (the simulation's) behind the window's: {@code SCHED_IDLE} where the cores are
     * {@linkplain #fewCores() few} and the process is the window's ({@link #backgroundCompilers} was called), else
     * (or should that fail) nice {@link #SIMULATION_NICE}. True if it took.
     */
    public static boolean backgroundCurrentThread() {
        return backgroundCurrentThread(idlePolicyForSimulation);
    }

    static boolean backgroundCurrentThread(boolean idlePolicy) {
        if (idlePolicy) {
            String tid = currentThreadId();
            if (tid != null && toIdlePolicy(tid)) {
                return true;
            }
        }
        return lowerCurrentThread(SIMULATION_NICE);
    }

    /**
     * Where the cores are {@linkplain #fewCores() few}, the JIT's compiler threads to {@code SCHED_IDLE} (threads the
     * JVM adds later are started by a compiler thread and inherit it): their bursts of compiling, which go on for
     * seconds into every play, then wait for the window's threads instead of the other way round; and from then on
     * {@link #backgroundCurrentThread} puts the simulation at SCHED_IDLE too. For the window's JVM only (the app's
     * entry point calls it, before the window opens): not in a test JVM. How many threads it moved.
     */
    public static int backgroundCompilers() {
        idlePolicyForSimulation = fewCores();
        return idlePolicyForSimulation ? threadsToIdlePolicy(COMPILER_THREAD) : 0;
    }

    /** Every thread of this process whose kernel name ({@code comm}) passes {@code comm}: to SCHED_IDLE; how many. */
    static int threadsToIdlePolicy(Predicate<String> comm) {
        int moved = 0;
        for (String tid : threadIds(comm)) {
            if (toIdlePolicy(tid)) {
                moved++;
            }
        }
        return moved;
    }

    /**
     * The ids of this process's threads whose kernel name ({@code comm}, 15 characters at most) passes {@code comm},
     * in {@code /proc/self/task}'s order; none where there is no /proc.
     */
    public static List<String> threadIds(Predicate<String> comm) {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (comm.test(Files.readString(task.resolve("comm")).strip())) {
                        ids.add(task.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
            // not Linux: none
        }
        return ids;
    }

    /**
     * Sets the calling thread's nice value to {@code nice} unless it is there or lower already (raising a priority
     * would need a privilege); true if the thread now runs at {@code nice} or lower.
     */
    public static boolean lowerCurrentThread(int nice) {
        String tid = currentThreadId();
        if (tid == null) {
            return false; // not Linux
        }
        if (currentNice() >= nice) {
            return true; // started under nice, say: already below the window's priority
        }
        return run("renice", "-n", Integer.toString(nice), "-p", tid) && currentNice() >= nice;
    }

    /**
     * {@code chrt --idle --pid 0 TID}: the thread to SCHED_IDLE; true if its policy reads back so (false if chrt is
     * missing or refused).
     */
    private static boolean toIdlePolicy(String tid) {
        return run("chrt", "--idle", "--pid", "0", tid) && policy(tid) == SCHED_IDLE;
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroy();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no such command here: the thread keeps its priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The calling thread's id from {@code /proc/thread-self} ("<pid>/task/<tid>"), or null where there is none. */
    static String currentThreadId() {
        Path self = Path.of("/proc/thread-self");
        try {
            return Files.isSymbolicLink(self) ? Files.readSymbolicLink(self).getFileName().toString() : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The calling thread's nice value from {@code /proc/thread-self/stat} (its 19th field), or
     * {@code Integer.MIN_VALUE} where there is none.
     */
    public static int currentNice() {
        return statField(Path.of("/proc/thread-self/stat"), 19);
    }

    /** A thread's scheduling policy (the 41st field of its stat: 0 ordinary, 3 batch, 5 idle), or MIN_VALUE. */
    static int policy(String tid) {
        return statField(Path.of("/proc/self/task", tid, "stat"), 41);
    }

    private static int statField(Path stat, int field) {
        try {
            String line = Files.readString(stat);
            // The command name (2nd field) is in parentheses and may hold spaces: count fields after its ')'.
            String[] after = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(after[field - 3]);
        } catch (IOException | RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }
}

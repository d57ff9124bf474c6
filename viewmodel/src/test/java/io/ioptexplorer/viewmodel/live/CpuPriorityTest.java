package io.ioptexplorer.viewmodel.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The machine thread's lower CPU priority (Linux, where a thread's nice value is in /proc and renice sets it). */
class CpuPriorityTest {
    @BeforeEach
    void onLinuxWithRenice() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "not Linux");
        Process p = new ProcessBuilder("renice", "--version").redirectErrorStream(true).start();
        assumeTrue(p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0, "no renice here");
    }

    @Test
    void aThreadLowersItsOwnPriorityAndNoOtherThreads() throws Exception {
        int before = CpuPriority.currentNice();
        assumeTrue(before >= -20 && before < 12, "the tests already run at nice 12 or lower: nothing to lower");
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            int was = CpuPriority.currentNice();
            boolean lowered = CpuPriority.lowerCurrentThread(12);
            seen.complete(new int[] {was, lowered ? 1 : 0, CpuPriority.currentNice()});
        });
        t.start();
        int[] r = seen.get(20, TimeUnit.SECONDS);
        assertThat(r[0]).as("a new thread starts at its creator's nice value").isEqualTo(before);
        assertThat(r[1]).as("lowered").isEqualTo(1);
        assertThat(r[2]).isEqualTo(12);
        assertThat(CpuPriority.currentNice()).as("the calling thread of the test is untouched").isEqualTo(before);
    }

    @Test
    void theSessionPutsItsMachineBehindTheWindow() throws Exception {
        LiveSession session = new LiveSession(Runnable::run);
        try {
            // True only when the machine thread read its own policy or nice value back (CpuPriority checks)
            assertThat(session.lowerMachinePriority().get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(CpuPriority.policy(CpuPriority.currentThreadId())).as("the caller's thread is untouched")
                    .isNotEqualTo(CpuPriority.SCHED_IDLE);
        } finally {
            session.close();
        }
    }

    @Test
    void onFewCoresTheSimulationGoesToTheIdlePolicyAndOnManyToNiceTen() throws Exception {
        assumeTrue(chrt(), "no chrt here");
        int[] few = onNewThread(() -> CpuPriority.backgroundCurrentThread(true));
        assertThat(few[0]).as("took").isEqualTo(1);
        assertThat(few[1]).as("policy with few cores").isEqualTo(CpuPriority.SCHED_IDLE);
        int before = CpuPriority.currentNice();
        assumeTrue(before < CpuPriority.SIMULATION_NICE, "the tests already run below the simulation's priority");
        int[] many = onNewThread(() -> CpuPriority.backgroundCurrentThread(false));
        assertThat(many[0]).isEqualTo(1);
        assertThat(many[1]).as("policy with many cores: ordinary").isZero();
        assertThat(many[2]).isEqualTo(CpuPriority.SIMULATION_NICE);
    }

    @Test
    void threadsNamedSoGoToTheIdlePolicyAndNoOthers() throws Exception {
        assumeTrue(chrt(), "no chrt here");
        CountDownLatch end = new CountDownLatch(1);
        CompletableFuture<String> tid = new CompletableFuture<>();
        Thread named = new Thread(() -> {
            tid.complete(CpuPriority.currentThreadId());
            awaitQuietly(end);
        }, "iopt-idle-probe");
        Thread other = new Thread(() -> awaitQuietly(end), "iopt-other");
        named.start();
        other.start();
        try {
            String id = tid.get(20, TimeUnit.SECONDS);
            assertThat(CpuPriority.threadsToIdlePolicy("iopt-idle-probe"::equals)).isEqualTo(1);
            assertThat(CpuPriority.policy(id)).isEqualTo(CpuPriority.SCHED_IDLE);
            assertThat(CpuPriority.threadIds("iopt-other"::equals)).hasSize(1)
                    .allSatisfy(t -> assertThat(CpuPriority.policy(t)).isZero());
            assertThat(CpuPriority.policy(CpuPriority.currentThreadId())).isZero();
        } finally {
            end.countDown();
        }
    }

    @Test
    void theCompilersAreFoundByTheNamesTheKernelGivesThem() {
        // HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0"; the kernel keeps 15 characters. Should a
        // JDK name them otherwise, backgroundCompilers would silently move nothing: this says so.
        assertThat(CpuPriority.threadIds(CpuPriority.COMPILER_THREAD)).isNotEmpty();
    }

    /** Runs {@code action} on a new thread: {took, its policy, its nice value} afterwards. */
    private static int[] onNewThread(java.util.function.BooleanSupplier action) throws Exception {
        CompletableFuture<int[]> seen = new CompletableFuture<>();
        new Thread(() -> {
            boolean took = action.getAsBoolean();
            seen.complete(new int[] {took ? 1 : 0, CpuPriority.policy(CpuPriority.currentThreadId()),
                    CpuPriority.currentNice()});
        }).start();
        return seen.get(20, TimeUnit.SECONDS);
    }

    private static boolean chrt() throws Exception {
        Process p = new ProcessBuilder("chrt", "--version").redirectErrorStream(true).start();
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

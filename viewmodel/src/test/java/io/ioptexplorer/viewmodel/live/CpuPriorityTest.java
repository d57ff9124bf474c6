package io.ioptexplorer.viewmodel.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
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
    void theSessionRunsItsMachineAtTheSimulationsNiceValue() throws Exception {
        int before = CpuPriority.currentNice();
        assumeTrue(before < CpuPriority.SIMULATION_NICE, "the tests already run below the simulation's priority");
        LiveSession session = new LiveSession(Runnable::run);
        try {
            // True only when the machine thread read its own nice value back as SIMULATION_NICE or lower.
            assertThat(session.lowerMachinePriority().get(20, TimeUnit.SECONDS)).isTrue();
            assertThat(CpuPriority.currentNice()).as("the caller's thread is untouched").isEqualTo(before);
        } finally {
            session.close();
        }
    }
}

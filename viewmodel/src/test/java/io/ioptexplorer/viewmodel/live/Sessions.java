package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Test helpers: a session whose "UI thread" is a plain single thread, and waiting for a command's pause. */
final class Sessions {
    static final ExecutorService UI = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-ui");
        t.setDaemon(true);
        return t;
    });

    private Sessions() {
    }

    static Topology sample(String name) {
        try {
            return TopologyLoader.load(Path.of("..", "sample-topologies", name));
        } catch (io.ioptexplorer.hardware.scenario.TopologyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static LiveSession open(String sample) {
        LiveSession s = new LiveSession(UI);
        Topology t = sample(sample);
        await(s.open(t, ScenarioRun.seedFor(t, null)));
        return s;
    }

    static MachineSnapshot await(CompletableFuture<MachineSnapshot> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the machine did not pause: " + e, e);
        }
    }

    /** The session's timeline index, for reading while the machine is paused (tests only: views use snapshots). */
    static io.ioptexplorer.hardware.timeline.TimelineIndex index(LiveSession s) {
        return get(s.query(PausedMachine::timeline));
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer: " + e, e);
        }
    }
}

package io.ioptexplorer.viewmodel.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event log's lines of old events, replayed by window: a window is replayed only while the newest capture of
 * the log still asks for it. Before, every window a frame had asked for while a run played after a rewind was
 * replayed in turn, long after the frames had passed it.
 */
class EventTextCacheTest {
    private static final Path FILE = Path.of("..", "sample-topologies", "tour-dirty-tracking-basics.yaml");
    private static final long SEED = 7;
    private static Topology topology;
    private static final TimelineIndex INDEX = new TimelineIndex();
    private static final List<TimelineEvent> EVENTS = new ArrayList<>();

    /** The replay thread, run by hand. */
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final EventTextCache cache = new EventTextCache(queue::add);
    private final AtomicInteger ready = new AtomicInteger();

    @BeforeAll
    static void runStraight() throws Exception {
        topology = TopologyLoader.load(FILE);
        new ScenarioRun(topology, SEED, e -> {
            INDEX.onEvent(e);
            EVENTS.add(e);
        }, true).runAll(null);
    }

    private EventTextCache.Line ask(long seq) {
        return cache.get(topology, SEED, INDEX, seq, ready::incrementAndGet);
    }

    private void runQueue() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    @Test
    void aWindowTheNewestCaptureStillShowsIsReplayedAndMatchesTheStraightRun() {
        long seq = EventTextCache.WINDOW + 17;
        assertThat(EVENTS).hasSizeGreaterThan(2 * EventTextCache.WINDOW + 60); // the tour has three windows
        cache.newCapture();
        assertThat(ask(seq)).isNull();
        runQueue();
        assertThat(ready).hasValue(1);
        cache.newCapture();
        assertThat(ask(seq)).isEqualTo(EventTextCache.describe(EVENTS.get((int) seq)));
        assertThat(queue).isEmpty();
    }

    @Test
    void aWindowOnlyAnOlderCaptureAskedForIsNotReplayed() {
        long old = 3;
        long now = 2 * EventTextCache.WINDOW + 5;
        cache.newCapture();
        assertThat(ask(old)).isNull();
        cache.newCapture(); // the next frame shows later lines only
        assertThat(ask(now)).isNull();
        runQueue();
        assertThat(ready).as("only the window on screen was replayed").hasValue(1);
        cache.newCapture();
        assertThat(ask(now)).isEqualTo(EventTextCache.describe(EVENTS.get((int) now)));
        // scrolled back: the dropped window is asked for, queued and replayed again
        assertThat(ask(old)).isNull();
        assertThat(queue).hasSize(1);
        runQueue();
        assertThat(ask(old)).isEqualTo(EventTextCache.describe(EVENTS.get((int) old)));
    }

    @Test
    void aWindowAskedAgainWhileQueuedIsQueuedOnceAndReplayed() {
        long seq = 2 * EventTextCache.WINDOW + 60;
        cache.newCapture();
        assertThat(ask(seq)).isNull();
        cache.newCapture(); // paused: every capture asks for the same lines
        assertThat(ask(seq)).isNull();
        assertThat(queue).hasSize(1);
        runQueue();
        assertThat(ready).hasValue(1);
        assertThat(ask(seq)).isEqualTo(EventTextCache.describe(EVENTS.get((int) seq)));
    }
}

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
        return cache.get(topology, SEED, INDEX, seq, true, ready::incrementAndGet);
    }

    private void runQueue() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    @Test
    void aWindowReplayedWhileTheRunWasShorterIsReplayedAgainOnceTheMachineStands() {
        // Stepped into the tour's first DMA write (the run 31 events long), then played on and stepped back: the
        // later lines of that first window were shown as "..." for good, as the window was already kept.
        TimelineIndex shorter = new TimelineIndex();
        EVENTS.subList(0, 31).forEach(shorter::onEvent);
        cache.newCapture();
        assertThat(cache.get(topology, SEED, shorter, 27, true, ready::incrementAndGet)).isNull();
        runQueue();
        assertThat(cache.get(topology, SEED, shorter, 27, true, ready::incrementAndGet))
                .isEqualTo(EventTextCache.describe(EVENTS.get(27)));
        long later = 81;
        cache.newCapture();
        assertThat(cache.get(topology, SEED, INDEX, later, false, ready::incrementAndGet))
                .as("while the machine runs, no replay").isNull();
        assertThat(queue).isEmpty();
        assertThat(ask(later)).isNull();
        assertThat(queue).as("standing: the window is replayed again, now longer").hasSize(1);
        runQueue();
        assertThat(ask(later)).isEqualTo(EventTextCache.describe(EVENTS.get((int) later)));
        assertThat(ask(27)).isEqualTo(EventTextCache.describe(EVENTS.get(27)));
        assertThat(queue).isEmpty();
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

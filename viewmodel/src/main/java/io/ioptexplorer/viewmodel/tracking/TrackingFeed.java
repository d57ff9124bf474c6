package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.inspect.TrackingRecorder;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.ReadingPace;
import io.ioptexplorer.viewmodel.live.RunWatcher;
import io.ioptexplorer.viewmodel.live.SnapshotPart;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The lanes, migrations, FSM arcs and topology of the current moment, for the tracking and migration views. Every run
 * and every replay of the session gets a fresh {@link TrackingRecorder} fed from the machine's assembly on (see
 * {@link LiveSession#watchRuns}), so after a rewind the recorder has seen exactly the events up to the moment shown;
 * a rewind that resumes from a checkpoint resumes a copy of the recorder as it was there.
 * Its {@link TrackingSnapshot} is captured on the machine thread as this feed's {@link SnapshotPart}, and reaches the
 * views with the session's coalesced snapshots.
 */
public final class TrackingFeed implements SnapshotPart<TrackingSnapshot> {
    private final ReadOnlyObjectWrapper<TrackingSnapshot> snapshot =
            new ReadOnlyObjectWrapper<>(TrackingSnapshot.EMPTY);

    /** Set on the UI thread: whether a view that draws a round's pages written so far is on screen. */
    private volatile boolean liveLanesShown = true;

    // ---- machine thread only
    private TrackingRecorder recorder;
    /** Bumped by the recorder at each sync, round, FSM arc and migration end: the capture is redone only then. */
    private long changes;
    private TrackingRecorder cachedFor;
    private long cachedChanges = -1;
    private int cachedStep = -1;
    /**
     * The event the snapshot, or its lanes, were last taken at: many events share a simulated nanosecond, so the
     * clock cannot say.
     */
    private long cachedSeq = -1;
    private TrackingSnapshot cached = TrackingSnapshot.EMPTY;
    /** While the machine plays, the lanes are taken again at most ten times a second (see setLiveLanesShown). */
    private final ReadingPace lanesPace = new ReadingPace(100_000_000L);

    public TrackingFeed(LiveSession session) {
        session.watchRuns(new RunWatcher() {
            @Override
            public EventSink newRun() {
                return TrackingFeed.this.newRun();
            }

            @Override
            public EventSink save(EventSink live) {
                return ((TrackingRecorder) live).copy(null);
            }

            @Override
            public EventSink restore(EventSink saved) {
                recorder = ((TrackingRecorder) saved).copy(() -> changes++);
                return recorder;
            }
        });
        session.register(this);
        session.addListener(this::show);
    }

    private EventSink newRun() {
        recorder = new TrackingRecorder(EventSink.NONE, () -> changes++);
        return recorder;
    }

    /**
     * Machine thread. A moment the machine stands at is taken whole whenever it moved (an event inside a step can
     * change the topology: the tour's set-dirty-tracking turns SSADE on in its middle). While it plays on, the
     * capture is redone only when the recorder saw a change or the step moved, and while a round is under way its
     * lanes are taken again when the moment moved (its written pages grow: keyed on the event, not on simulated time,
     * which a hundred writes can share), so a migration playing at full speed costs at most one capture per frame.
     */
    @Override
    public TrackingSnapshot capture(PausedMachine m) {
        TrackingRecorder r = recorder;
        if (r == null) {
            return TrackingSnapshot.EMPTY;
        }
        int step = m.moment().step();
        long seq = m.moment().seq();
        boolean moved = seq != cachedSeq;
        if (r != cachedFor || changes != cachedChanges || step != cachedStep || m.event().isEmpty()
                || moved && !m.playing()) {
            r.attach(m.machine());
            cached = r.snapshot();
            cachedFor = r;
            cachedChanges = changes;
            cachedStep = step;
            cachedSeq = seq;
        } else if (r.roundUnderWay() && moved && liveLanesShown && lanesPace.admit(false, System.nanoTime())) {
            cached = r.withLanesNow(cached); // the round's pages written so far grow; nothing else moved
            cachedSeq = seq;
        }
        return cached;
    }

    /**
     * UI thread: whether a view that draws a round's pages written so far (the lanes, the dashboard) is on screen.
     * While none is and the machine plays, the lanes are not taken again every frame: taking them freezes the
     * guest's written pages, and every write after a freeze copies its 8 KiB chunk (on the 64 GiB sample about 2 MiB
     * a frame, kept alive by the snapshot into the next young collection: issue 11's frame time). A moment the
     * machine stops at is always taken whole, and the next frame after a view shows again takes the lanes. While one
     * is shown they are taken at most ten times a second as the machine plays: a lane grows smoothly enough at that
     * pace, and each take costs those copies.
     */
    public void setLiveLanesShown(boolean shown) {
        liveLanesShown = shown;
    }

    /** UI thread. */
    private void show(MachineSnapshot s) {
        TrackingSnapshot t = s.part(this);
        if (t != null && t != snapshot.get()) {
            snapshot.set(t);
        }
    }

    /** The snapshot of the moment on screen; changes only on the UI thread. */
    public ReadOnlyObjectProperty<TrackingSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }
}

package io.ioptexplorer.viewmodel.timeline;

import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.TimelineIndex;
import io.ioptexplorer.viewmodel.live.Focus;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.MachineSnapshot;
import io.ioptexplorer.viewmodel.live.Moment;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import io.ioptexplorer.viewmodel.live.SnapshotPart;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The timeline strip along the bottom: the whole run drawn at once, and scrubbing. A drag asks for many moments a
 * second; they are coalesced: while one replay runs, only the newest request waits, and it goes when the first is done.
 */
public final class TimelineStripViewModel {
    /** Buckets the breakpoint marks are gathered in (about one per pixel of a wide window). */
    public static final int BUCKETS = 2048;

    private final LiveSession session;
    private final Focus focus;
    private final ReadOnlyObjectWrapper<StripPicture> picture = new ReadOnlyObjectWrapper<>(StripPicture.EMPTY);
    private final SnapshotPart<StripPicture> part = TimelineStripViewModel::capture;
    private CompletableFuture<?> inFlight;
    private Moment waiting;

    public TimelineStripViewModel(LiveSession session, Focus focus) {
        this.session = session;
        this.focus = focus;
        session.register(part);
        session.addListener(this::show);
    }

    public ReadOnlyObjectProperty<StripPicture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    private void show(MachineSnapshot s) {
        StripPicture p = s.part(part);
        if (p != null && !p.equals(picture.get())) {
            picture.set(p);
        }
    }

    /** The cursor dragged or clicked to event {@code seq}: go there (coalesced while a replay runs). */
    public void scrubTo(long seq) {
        StripPicture p = picture.get();
        if (p.total() == 0) {
            return;
        }
        long s = Math.max(0, Math.min(seq, p.total() - 1));
        int step = Math.max(0, p.stepOf(s));
        request(new Moment(step, Math.max(s, p.steps() > 0 ? p.stepFirst(0) : 0)));
    }

    private void request(Moment m) {
        if (inFlight != null && !inFlight.isDone()) {
            waiting = m;
            return;
        }
        focus.moveTo(m);
        inFlight = session.goTo(m);
        inFlight.whenComplete((r, e) -> session.refresh());
        waiting = null;
    }

    /** Called at each frame by the view: sends the newest waiting request once the previous one has arrived. */
    public void pump() {
        if (waiting != null && (inFlight == null || inFlight.isDone())) {
            request(waiting);
        }
    }

    static StripPicture capture(PausedMachine pm) {
        TimelineIndex index = pm.timeline();
        long total = index.size();
        int steps = pm.run().topology().steps().size();
        long[] first = new long[steps];
        for (int k = 0; k < steps; k++) {
            first[k] = index.firstSeqOfStep(k);
        }
        List<StripPicture.PhaseBand> phases = new ArrayList<>();
        for (TimelineIndex.PhaseSpan p : index.phases()) {
            phases.add(new StripPicture.PhaseBand(p.firstSeq(), p.phase().label(), p.phase().shortLabel(),
                    p.phase().kind().ordinal()));
        }
        byte[] marks = new byte[total == 0 ? 0 : BUCKETS];
        Set<BreakpointClass> classes = EnumSet.complementOf(EnumSet.of(BreakpointClass.OTHER));
        if (total > 0) {
            StripScale scale = StripScale.of(total, first, StripPicture.phaseFirsts(phases));
            long seq = index.nextBreakpoint(-1, classes);
            while (seq >= 0) {
                int b = scale.bucketOf(seq, BUCKETS);
                marks[b] = (byte) (1 + index.kind(seq).breakpoint().ordinal()); // the first in its bucket
                long nextBucket = scale.firstSeqFromBucket(b + 1, BUCKETS);
                seq = index.nextBreakpoint(Math.max(seq, nextBucket - 1), classes);
            }
        }
        return new StripPicture(total, first, phases, marks, pm.moment().seq(), pm.moment().step());
    }
}

package io.ioptexplorer.viewmodel.tracking;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.viewmodel.compare.DirtyDifference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The lanes view's state: which migration and sync it shows, the GPA window (zoom and pan), whether the rounds are
 * side by side (small multiples), and the page the user picked. It reads only {@link TrackingSnapshot}s, never the
 * machine.
 */
public final class LanesViewModel {
    /** Narrowest window: 64 pages (then a pixel is far below a page on any screen). */
    public static final long MIN_SPAN = 64;

    private final ObjectProperty<TrackingSnapshot> snapshot = new SimpleObjectProperty<>(TrackingSnapshot.EMPTY);
    private final IntegerProperty migration = new SimpleIntegerProperty(-1);
    private final IntegerProperty round = new SimpleIntegerProperty(-1);
    private final BooleanProperty smallMultiples = new SimpleBooleanProperty(true);
    /** How many syncs side by side have room to be read (the view sets it from its width). */
    private final IntegerProperty maxColumns = new SimpleIntegerProperty(Integer.MAX_VALUE);
    private final LongProperty from = new SimpleLongProperty(0);
    private final LongProperty to = new SimpleLongProperty(0);
    private final ReadOnlyObjectWrapper<List<PageTrace.Line>> pickedPage = new ReadOnlyObjectWrapper<>(List.of());
    /** The picked guest frame, -1 when none. */
    private long pickedFrame = -1;
    /** Asked for the full trace of a picked page (on the machine thread, by whoever wires the session). */
    private Tracer tracer = (migration, frame) -> { };
    private boolean followNewest = true;
    private final ObjectProperty<DirtyDifference> pinnedDifference = new SimpleObjectProperty<>();

    public LanesViewModel() {
        snapshot.addListener((o, was, now) -> adopt(was, now));
    }

    private void adopt(TrackingSnapshot was, TrackingSnapshot now) {
        if (was == null || was.guestPages() != now.guestPages() || to.get() == 0) {
            from.set(0);
            to.set(now.guestPages());
        }
        int n = now.lanes().size();
        if (followNewest || migration.get() >= n) {
            migration.set(n - 1);
            round.set(-1);
        }
    }

    public ObjectProperty<TrackingSnapshot> snapshotProperty() {
        return snapshot;
    }

    /**
     * The pinned moment's Dirty bits against now's, while Compare highlights them (null otherwise): the lanes draw
     * the pages that differ as a row of their own.
     */
    public ObjectProperty<DirtyDifference> pinnedDifferenceProperty() {
        return pinnedDifference;
    }

    /** Index into the snapshot's migrations; -1 when there is none. */
    public IntegerProperty migrationProperty() {
        return migration;
    }

    /** Picks a migration; from then on the view stays on it while new ones arrive. */
    public void selectMigration(int index) {
        followNewest = index == snapshot.get().lanes().size() - 1;
        migration.set(index);
        round.set(-1);
        pickedPage.set(List.of()); // the picked page's story belongs to the migration it was picked in
        pickedFrame = -1;
    }

    /** The sync shown alone when small multiples are off; -1 for the latest. */
    public IntegerProperty roundProperty() {
        return round;
    }

    public BooleanProperty smallMultiplesProperty() {
        return smallMultiples;
    }

    public LongProperty fromProperty() {
        return from;
    }

    public LongProperty toProperty() {
        return to;
    }

    /**
     * What the picked page went through: at once one line per sync; then, when the {@link Tracer} answers
     * ({@link #showTrace}), the writes, syncs and losses in timeline order, each with its moment.
     */
    public ReadOnlyObjectProperty<List<PageTrace.Line>> pickedPageProperty() {
        return pickedPage.getReadOnlyProperty();
    }

    /** Who traces a picked page to its causes (the explorer asks its live session: {@link PageTrace#of}). */
    @FunctionalInterface
    public interface Tracer {
        void trace(MigrationLanes migration, long frame);
    }

    public void setTracer(Tracer t) {
        this.tracer = t == null ? (m, f) -> { } : t;
    }

    /** The picked guest frame, or -1. */
    public long pickedFrame() {
        return pickedFrame;
    }

    /** The tracer's answer for {@code frame}; ignored when another page was picked meanwhile. */
    public void showTrace(long frame, List<PageTrace.Line> lines) {
        if (frame == pickedFrame) {
            pickedPage.set(List.copyOf(lines));
        }
    }

    private void pickFrame(MigrationLanes m, long frame) {
        pickedFrame = frame;
        pickedPage.set(describe(m, frame).stream().map(t -> new PageTrace.Line(t, null)).toList());
        tracer.trace(m, frame);
    }

    /** The chooser's lines, one per migration of the snapshot. */
    public List<String> migrationLabels() {
        List<String> out = new ArrayList<>();
        for (MigrationLanes m : snapshot.get().lanes()) {
            out.add("migration " + (m.ordinal() + 1) + " (" + m.result() + ")");
        }
        return out;
    }

    public Optional<MigrationLanes> current() {
        List<MigrationLanes> all = snapshot.get().lanes();
        int i = migration.get();
        return i >= 0 && i < all.size() ? Optional.of(all.get(i)) : Optional.empty();
    }

    /** The syncs to draw: all of the migration's side by side, or the chosen one (the latest if none chosen). */
    public List<LaneRound> shownRounds() {
        Optional<MigrationLanes> m = current();
        if (m.isEmpty() || m.get().rounds().isEmpty()) {
            return List.of();
        }
        List<LaneRound> all = m.get().rounds();
        if (smallMultiples.get()) {
            int left = roundsLeftOut(all);
            return left == 0 ? all : all.subList(left, all.size());
        }
        int r = round.get();
        return List.of(r >= 0 && r < all.size() ? all.get(r) : all.get(all.size() - 1));
    }

    /**
     * Side by side, the oldest syncs left out because the newest fill the room there is (0 when all fit, or when one
     * sync is shown): the view says so rather than squeezing every column until its figures cannot be read.
     */
    public int roundsLeftOut() {
        Optional<MigrationLanes> m = current();
        return m.isEmpty() || !smallMultiples.get() ? 0 : roundsLeftOut(m.get().rounds());
    }

    private int roundsLeftOut(List<LaneRound> all) {
        return Math.max(0, all.size() - Math.max(1, maxColumns.get()));
    }

    public IntegerProperty maxColumnsProperty() {
        return maxColumns;
    }

    /** One line of figures for a lane: reported, written, false positives and negatives with their bytes. */
    public static String figures(Lane l) {
        if (l.union()) {
            return String.format("sent %,d · written %,d · FP %,d (%s) · FN %,d (%s)", l.reportedPages(),
                    l.truePages(), l.falsePositives(), Units.formatSize(l.falsePositiveBytes()), l.falseNegatives(),
                    Units.formatSize(l.falseNegativeBytes()));
        }
        return String.format("reported %,d · written %,d · FP %,d (%s) · FN %,d (%s)", l.reportedPages(),
                l.truePages(), l.falsePositives(), Units.formatSize(l.falsePositiveBytes()), l.falseNegatives(),
                Units.formatSize(l.falseNegativeBytes()));
    }

    // ---- zoom and pan

    /** Zooms by {@code factor} (below 1 in, above 1 out) keeping the frame under {@code anchor} (0..1) in place. */
    public void zoom(double factor, double anchor) {
        long pages = snapshot.get().guestPages();
        if (pages == 0) {
            return;
        }
        long span = to.get() - from.get();
        long newSpan = Math.max(Math.min(MIN_SPAN, pages), Math.min(pages, Math.round(span * factor)));
        long pivot = from.get() + Math.round(span * clamp01(anchor));
        long newFrom = pivot - Math.round(newSpan * clamp01(anchor));
        setWindow(newFrom, newSpan, pages);
    }

    /** Moves the window by {@code fraction} of its width (negative: toward lower addresses). */
    public void pan(double fraction) {
        long pages = snapshot.get().guestPages();
        long span = to.get() - from.get();
        setWindow(from.get() + Math.round(span * fraction), span, pages);
    }

    public void showAll() {
        from.set(0);
        to.set(snapshot.get().guestPages());
    }

    private void setWindow(long newFrom, long span, long pages) {
        long f = Math.max(0, Math.min(pages - span, newFrom));
        from.set(f);
        to.set(f + span);
    }

    private static double clamp01(double x) {
        return Math.max(0, Math.min(1, x));
    }

    // ---- picking a page

    /**
     * Picks the page at {@code x} of a lane {@code width} pixels wide: lists, sync by sync, which trackers reported
     * it and whether it was written, and for a lost page the sync that lost it.
     */
    public void pick(int x, int width) {
        Optional<MigrationLanes> m = current();
        if (m.isEmpty() || width <= 0) {
            return;
        }
        pickFrame(m.get(), LaneRaster.frameAt(from.get(), to.get(), width, x));
    }

    /**
     * Shows {@code iova} of migration {@code index}: a window of {@code span} pages around it, and what it went
     * through (the dashboard's lost-page list calls this).
     */
    public void focusPage(int index, long iova, long span) {
        selectMigration(index);
        long pages = snapshot.get().guestPages();
        long frame = iova >>> GuestMemory.PAGE_SHIFT;
        long s = Math.max(Math.min(MIN_SPAN, pages), Math.min(pages, span));
        setWindow(frame - s / 2, s, pages);
        current().ifPresent(m -> pickFrame(m, frame));
    }

    /** The lines {@link #pick} shows for one frame. */
    public static List<String> describe(MigrationLanes m, long frame) {
        long iova = frame << GuestMemory.PAGE_SHIFT;
        List<String> out = new ArrayList<>();
        out.add("page " + IovaMath.hex(iova) + " (GPA = IOVA), frame " + frame);
        for (LaneRound r : m.rounds()) {
            StringBuilder b = new StringBuilder(r.label()).append(": ");
            Lane u = r.union().orElse(null);
            if (r.pending()) {
                out.add(b.append(u != null && u.truth().contains(frame) ? "written so far" : "not written so far")
                        .append("; no tracker read yet").toString());
                continue;
            }
            b.append(u != null && u.truth().contains(frame) ? "written" : "not written");
            List<String> reporters = new ArrayList<>();
            for (Lane l : r.trackers()) {
                if (l.reported().contains(frame)) {
                    reporters.add(l.name() + (l.truth().contains(frame) ? "" : " (false positive)"));
                } else if (l.truth().contains(frame)) {
                    reporters.add(l.name() + " MISSED it");
                }
            }
            b.append(reporters.isEmpty() ? "; no tracker reported it" : "; " + String.join(", ", reporters));
            out.add(b.toString());
        }
        if (m.lostIovas().contains(iova)) {
            out.add("LOST on the destination" + m.syncThatLost(iova).map(r -> ": its last write went unrecorded in "
                    + r.label()).orElse(""));
        }
        return out;
    }
}

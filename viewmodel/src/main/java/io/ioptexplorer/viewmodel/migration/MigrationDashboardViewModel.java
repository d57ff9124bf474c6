package io.ioptexplorer.viewmodel.migration;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.migration.MigrationRecord;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.scenario.Units;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import io.ioptexplorer.hardware.vmm.TrackerSync;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The pre-copy dashboard's state: the migration shown (the newest, unless the user picked one), its rounds as chart
 * points, its totals, the decision that ended pre-copy, and the verification with every lost IOVA. Reads only
 * {@link TrackingSnapshot}s.
 */
public final class MigrationDashboardViewModel {
    private final ObjectProperty<TrackingSnapshot> snapshot = new SimpleObjectProperty<>(TrackingSnapshot.EMPTY);
    private final IntegerProperty migration = new SimpleIntegerProperty(-1);
    private final BooleanProperty wholeStory = new SimpleBooleanProperty(true);
    private boolean followNewest = true;

    /** A lost page and the sync whose report missed its last write. */
    public record LostPage(long iova, String lostIn, int laneRound) {
        public String label() {
            return IovaMath.hex(iova) + "  —  " + lostIn;
        }
    }

    public MigrationDashboardViewModel() {
        snapshot.addListener((o, was, now) -> {
            int n = now.migrations().size();
            if (followNewest || migration.get() >= n) {
                migration.set(n - 1);
            }
        });
    }

    public ObjectProperty<TrackingSnapshot> snapshotProperty() {
        return snapshot;
    }

    public IntegerProperty migrationProperty() {
        return migration;
    }

    /**
     * True: the chart and the round lines cover every round so far (the whole story); false: only the current
     * (latest) round, the moment on screen.
     */
    public BooleanProperty wholeStoryProperty() {
        return wholeStory;
    }

    /** The rounds the chart and the lines show: all of them, or the latest alone. */
    public List<RoundMetrics> shownRounds() {
        List<RoundMetrics> all = current().map(MigrationRecord::rounds).orElse(List.of());
        return wholeStory.get() || all.size() <= 1 ? all : List.of(all.get(all.size() - 1));
    }

    public void selectMigration(int index) {
        followNewest = index == snapshot.get().migrations().size() - 1;
        migration.set(index);
    }

    public Optional<MigrationRecord> current() {
        List<MigrationRecord> all = snapshot.get().migrations();
        int i = migration.get();
        return i >= 0 && i < all.size() ? Optional.of(all.get(i)) : Optional.empty();
    }

    /** "migration 1: completed" labels for the chooser. */
    public List<String> migrationLabels() {
        List<String> out = new ArrayList<>();
        for (MigrationRecord m : snapshot.get().migrations()) {
            out.add("migration " + (m.ordinal() + 1) + ": " + m.result());
        }
        return out;
    }

    /** Per tracker, the pages it reported at each round's sync (chart series, in sync order). */
    public Map<String, List<long[]>> dirtyPagesByTracker() {
        Map<String, List<long[]>> out = new LinkedHashMap<>();
        current().ifPresent(m -> {
            for (RoundMetrics r : shownRounds()) {
                for (TrackerSync s : r.syncs()) {
                    out.computeIfAbsent(s.tracker(), k -> new ArrayList<>())
                            .add(new long[] {r.round(), s.reportedPages()});
                }
                out.computeIfAbsent("sent next (union)", k -> new ArrayList<>())
                        .add(new long[] {r.round(), r.dirtyPages()});
                out.computeIfAbsent("really written", k -> new ArrayList<>())
                        .add(new long[] {r.round(), r.truePages()});
            }
        });
        return out;
    }

    /** Per round, the estimated downtime in milliseconds, and the limit (the same for every round). */
    public List<double[]> downtimeEstimatesMs() {
        List<double[]> out = new ArrayList<>();
        current().ifPresent(m -> {
            for (RoundMetrics r : shownRounds()) {
                out.add(new double[] {r.round(), r.estimatedDowntimeNs() / 1e6, m.downtimeLimitNs() / 1e6});
            }
        });
        return out;
    }

    /** One line per round, for the table under the chart. */
    public List<String> roundLines() {
        List<String> out = new ArrayList<>();
        current().ifPresent(m -> {
            for (RoundMetrics r : shownRounds()) {
                out.add(String.format("round %d: sent %,d pages in %s; %,d dirty (%,d written); estimated downtime "
                                + "%s; IOTLB hit rate %.1f%%; %,d invalidations, %,d splits, %,d collapses", r.round(),
                        r.pagesSent(), ms(r.durationNs()), r.dirtyPages(), r.truePages(),
                        ms(r.estimatedDowntimeNs()), r.iotlbHitRate() * 100, r.invalidations(), r.splits(),
                        r.collapses()));
            }
        });
        return out;
    }

    /** Totals and the decision that ended the loop. */
    public String summary() {
        Optional<MigrationRecord> c = current();
        if (c.isEmpty()) {
            return "No migration yet: run a migrate step.";
        }
        MigrationRecord m = c.get();
        StringBuilder b = new StringBuilder();
        b.append("Link ").append(Units.formatSize(m.bandwidth())).append("/s, downtime limit ")
                .append(ms(m.downtimeLimitNs())).append(", at most ").append(m.maxRounds()).append(" rounds. ");
        long pages = m.rounds().stream().mapToLong(RoundMetrics::pagesSent).sum();
        b.append(m.rounds().size()).append(m.rounds().size() == 1 ? " round" : " rounds").append(String.format(
                " sent %,d pages. ", pages));
        b.append(decisionLine(m));
        if (m.stopCopy() != null) {
            b.append(String.format(" Stop-and-copy: %,d pages and %s of device state in %s of downtime.",
                    m.stopCopy().finalPages(), Units.formatSize(m.stopCopy().deviceBytes()),
                    ms(m.stopCopy().downtimeNs())));
        }
        if (!m.reason().isEmpty()) {
            b.append(" Reason: ").append(m.reason());
        }
        return b.toString();
    }

    /** Why pre-copy ended, in words. */
    public static String decisionLine(MigrationRecord m) {
        switch (m.decision()) {
            case "converged":
                return "Decision: converged (the estimated downtime fits the limit).";
            case "out-of-rounds":
                return "Decision: out of rounds (the estimate never fitted the limit; stop-and-copy anyway).";
            case "blocked":
                return "Decision: blocked before round 0.";
            default:
                return m.running() ? "Pre-copy running…" : "Ended: " + m.result() + ".";
        }
    }

    /** The verification in one line. */
    public String verificationLine() {
        Optional<MigrationRecord> m = current();
        if (m.isEmpty() || m.get().verification() == null) {
            return m.map(x -> x.running() ? "Verification after stop-and-copy." : "Not verified: the migration "
                    + x.result() + ".").orElse("");
        }
        MigrationRecord.Checked v = m.get().verification();
        return v.mismatches() == 0
                ? String.format("Verified: all %,d pages match on the destination.", v.pagesCompared())
                : String.format("%,d of %,d pages LOST on the destination%s", v.mismatches(), v.pagesCompared(),
                        v.mismatches() > v.lostIovas().size() ? " (the first " + v.lostIovas().size() + " listed)"
                                : "");
    }

    /** Every lost IOVA the verifier named, with the sync that missed its last write. */
    public List<LostPage> lostPages() {
        List<LostPage> out = new ArrayList<>();
        Optional<MigrationRecord> m = current();
        if (m.isEmpty() || m.get().verification() == null) {
            return out;
        }
        List<MigrationLanes> lanes = snapshot.get().lanes();
        MigrationLanes l = m.get().ordinal() < lanes.size() ? lanes.get(m.get().ordinal()) : null;
        for (long iova : m.get().verification().lostIovas()) {
            Optional<LaneRound> r = l == null ? Optional.empty() : l.syncThatLost(iova);
            out.add(new LostPage(iova, r.map(x -> "write not reported at the sync of " + x.label())
                    .orElse("no sync saw its write"), r.map(x -> l.rounds().indexOf(x)).orElse(-1)));
        }
        return out;
    }

    static String ms(long ns) {
        return ns >= 1_000_000 ? String.format("%.1f ms", ns / 1e6) : String.format("%.1f µs", ns / 1e3);
    }
}

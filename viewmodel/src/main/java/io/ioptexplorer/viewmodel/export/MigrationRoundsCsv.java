package io.ioptexplorer.viewmodel.export;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.migration.MigrationRecord;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import io.ioptexplorer.hardware.vmm.TrackerSync;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The migration dashboard's per-round figures as CSV: one row per pre-copy round of every migration, with what each
 * tracker reported at the round's sync. The same {@link RoundMetrics} the dashboard charts.
 */
public final class MigrationRoundsCsv {
    static final String FIXED = "migration,round,pages-sent,bytes-sent,duration-ns,dirty-pages,true-dirty-pages,"
            + "amplification,estimated-downtime-ns,downtime-limit-ns,iotlb-hits,iotlb-misses,invalidations,splits,"
            + "collapses";

    private MigrationRoundsCsv() {
    }

    /** Every migration's rounds; the trackers' columns ({@code reported:NAME}) follow the fixed ones. */
    public static String of(TrackingSnapshot s) {
        List<String> trackers = new ArrayList<>();
        for (MigrationRecord m : s.migrations()) {
            for (RoundMetrics r : m.rounds()) {
                for (TrackerSync t : r.syncs()) {
                    if (!trackers.contains(t.tracker())) {
                        trackers.add(t.tracker());
                    }
                }
            }
        }
        StringBuilder b = new StringBuilder(FIXED);
        trackers.forEach(t -> b.append(",reported:").append(t));
        b.append('\n');
        for (MigrationRecord m : s.migrations()) {
            for (RoundMetrics r : m.rounds()) {
                b.append(m.ordinal() + 1).append(',').append(r.round()).append(',').append(r.pagesSent()).append(',')
                        .append(r.bytesSent()).append(',').append(r.durationNs()).append(',').append(r.dirtyPages())
                        .append(',').append(r.truePages()).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", r.amplification())).append(',')
                        .append(r.estimatedDowntimeNs()).append(',').append(m.downtimeLimitNs()).append(',')
                        .append(r.iotlbHits()).append(',').append(r.iotlbMisses()).append(',')
                        .append(r.invalidations()).append(',').append(r.splits()).append(',').append(r.collapses());
                Map<String, Long> reported = new LinkedHashMap<>();
                r.syncs().forEach(t -> reported.put(t.tracker(), t.reportedPages()));
                // A tracker absent from this round (another migration's) has an empty cell, not a false 0.
                trackers.forEach(t -> b.append(',').append(reported.containsKey(t) ? reported.get(t).toString() : ""));
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Reads the CSV back as one map per row, column name to cell; a short or long row says which line. */
    public static List<Map<String, String>> read(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).startsWith(FIXED)) {
            throw new IllegalArgumentException("line 1: not a migration rounds CSV (expected the header " + FIXED
                    + ")");
        }
        String[] head = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != head.length) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + f.length + " fields, expected "
                        + head.length);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < head.length; c++) {
                row.put(head[c], f[c]);
            }
            rows.add(row);
        }
        return rows;
    }
}

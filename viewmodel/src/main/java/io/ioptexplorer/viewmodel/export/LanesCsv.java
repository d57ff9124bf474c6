package io.ioptexplorer.viewmodel.export;

import io.ioptexplorer.hardware.inspect.TrackingSnapshot;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import io.ioptexplorer.hardware.inspect.tracking.MigrationLanes;
import io.ioptexplorer.hardware.memory.GuestMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The dirty lanes as CSV, as the lanes view draws them: per migration, per sync, per lane (each tracker, then the
 * union the VMM sent), one row for every page the lane reported or its sources wrote, with whether it was reported,
 * written, a false positive (reported, never written) or a false negative (written, never reported). Pages neither
 * reported nor written have no row, so a 1 TiB guest's CSV is as long as its dirty pages, not its memory.
 */
public final class LanesCsv {
    public static final String HEADER = "migration,sync,stop-copy,lane,kind,page,iova,reported,written,"
            + "false-positive,false-negative";

    /** One row read back. */
    public record Row(int migration, String sync, boolean stopCopy, String lane, String kind, long page, long iova,
                      boolean reported, boolean written, boolean falsePositive, boolean falseNegative) {
    }

    private LanesCsv() {
    }

    /** Writes every migration's lanes of {@code s}. */
    public static void write(TrackingSnapshot s, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        try {
            for (MigrationLanes m : s.lanes()) {
                for (LaneRound r : m.rounds()) {
                    for (Lane l : r.lanes()) {
                        String prefix = (m.ordinal() + 1) + "," + r.label() + "," + r.stopCopy() + "," + l.name()
                                + "," + l.kind() + ",";
                        // Reported pages in order, then the written pages no one reported (the lost ones).
                        l.reported().forEachFrame(f -> row(out, prefix, f, true, l.truth().contains(f)));
                        l.truth().forEachFrame(f -> {
                            if (!l.reported().contains(f)) {
                                row(out, prefix, f, false, true);
                            }
                        });
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void row(Writer out, String prefix, long frame, boolean reported, boolean written) {
        try {
            out.write(prefix + frame + ",0x" + Long.toHexString(frame << GuestMemory.PAGE_SHIFT) + ","
                    + bit(reported) + "," + bit(written) + "," + bit(reported && !written) + ","
                    + bit(written && !reported) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char bit(boolean b) {
        return b ? '1' : '0';
    }

    /** Reads rows back; a line that is not one says which line and why. */
    public static List<Row> read(List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException("line 1: not a lanes CSV (expected the header " + HEADER + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 11) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + f.length + " fields, expected 11");
            }
            try {
                rows.add(new Row(Integer.parseInt(f[0]), f[1], Boolean.parseBoolean(f[2]), f[3], f[4],
                        Long.parseLong(f[5]), Long.parseUnsignedLong(f[6].substring(2), 16), one(f[7]), one(f[8]),
                        one(f[9]), one(f[10])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static boolean one(String s) {
        return switch (s) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("expected 0 or 1, found '" + s + "'");
        };
    }
}

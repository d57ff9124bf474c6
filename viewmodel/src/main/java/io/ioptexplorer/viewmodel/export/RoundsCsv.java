package io.ioptexplorer.viewmodel.export;

import io.ioptexplorer.viewmodel.live.RoundSummary;
import io.ioptexplorer.viewmodel.scenario.StepRow;
import java.util.List;

/** The per-round figures of every migration of the run so far as CSV: one row per pre-copy round. */
public final class RoundsCsv {
    static final String HEADER = "step,round,reported-pages,true-dirty-pages,pages-sent,duration-ns,"
            + "estimated-downtime-ns";

    private RoundsCsv() {
    }

    public static String of(List<StepRow> steps) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (StepRow s : steps) {
            for (RoundSummary r : s.rounds()) {
                b.append(s.index() + 1).append(',').append(r.round()).append(',').append(r.dirtyPages()).append(',')
                        .append(r.truePages()).append(',').append(r.pagesSent()).append(',').append(r.durationNs())
                        .append(',').append(r.downtimeEstNs()).append('\n');
            }
        }
        return b.toString();
    }
}

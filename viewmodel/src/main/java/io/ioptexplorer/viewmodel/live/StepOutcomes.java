package io.ioptexplorer.viewmodel.live;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.run.BitmapValue;
import io.ioptexplorer.hardware.run.ResultFormat;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.vmm.MigrationResult;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the run's step results into {@link StepOutcome}s, on the machine thread. */
final class StepOutcomes {
    private StepOutcomes() {
    }

    static StepOutcome of(StepResult r, MigrationResult migration) {
        String message = r.errno() != null ? r.errno() + ": " + r.error() : r.error() == null ? "" : r.error();
        List<ResultField> fields = new ArrayList<>();
        for (Map.Entry<String, Object> e : r.result().entrySet()) {
            Object v = e.getValue();
            BitmapPicture bitmap = v instanceof BitmapValue b ? new BitmapPicture(b.bits(), b.nbits(), b.hex(),
                    b.iova(), b.pageSize(), b.hwpt()) : null;
            Long number = v instanceof Long n ? n : null;
            fields.add(new ResultField(e.getKey(), ResultFormat.readable(e.getKey(), v), number, bitmap));
        }
        List<RoundSummary> rounds = new ArrayList<>();
        String verification = "";
        if (r.op().equals("migrate") && migration != null) {
            for (RoundMetrics x : migration.rounds()) {
                rounds.add(new RoundSummary(x.round(), x.dirtyPages(), x.truePages(), x.pagesSent(), x.durationNs(),
                        x.estimatedDowntimeNs()));
            }
            verification = verificationLine(migration);
        }
        return new StepOutcome(r.index(), r.op(), r.ok(), message, fields, r.failures(), rounds, verification);
    }

    private static String verificationLine(MigrationResult m) {
        if (m.verification() == null) {
            return "No verification: the migration did not complete (" + m.result().name().toLowerCase() + ").";
        }
        var v = m.verification();
        if (v.mismatches() == 0) {
            return "Destination verified: all " + v.pagesCompared() + " pages match the source.";
        }
        StringBuilder b = new StringBuilder(v.mismatches() + " of " + v.pagesCompared()
                + " pages LOST (destination differs from source), first at");
        v.lostIovas().stream().limit(4).forEach(iova -> b.append(' ').append(IovaMath.hex(iova)));
        return b.append(v.lostIovas().size() > 4 ? " …" : "").toString();
    }
}

package io.ioptexplorer.hardware.vmm;

/**
 * One tracker's contribution to one sync.
 *
 * @param reportedPages 4 KiB pages the tracker reported
 * @param truePages     pages its sources really wrote since its previous sync (ground truth)
 */
public record TrackerSync(String tracker, TrackerKind kind, long reportedPages, long truePages) {
    /**
     * reported / true: 1 is exact, above 1 over-reports (leaf size, all-dirty), below 1 under-reports (a skipped sync
     * or a lost write). The true count is floored at 1 so the value stays finite for JSON reports (1 when both are 0).
     */
    public double amplification() {
        return ratio(reportedPages, truePages);
    }

    static double ratio(long reported, long truth) {
        return reported == 0 && truth == 0 ? 1.0 : (double) reported / Math.max(1, truth);
    }
}

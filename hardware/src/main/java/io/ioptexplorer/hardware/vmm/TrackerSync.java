package io.ioptexplorer.hardware.vmm;

/**
 * One tracker's contribution to one sync.
 *
 * @param reportedPages 4 KiB pages the tracker reported
 * @param truePages     pages its sources really wrote since its previous sync (ground truth)
 */
public record TrackerSync(String tracker, TrackerKind kind, long reportedPages, long truePages) {
    /**
     * reported / true: 1 is exact, above 1 over-reports (leaf size, all-dirty), below 1 under-reports (a sync that
     * was skipped or a lost write); 1 when both are 0, infinity when only the true count is 0.
     */
    public double amplification() {
        return truePages == 0 ? (reportedPages == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) reportedPages
                / truePages;
    }
}

package io.ioptexplorer.hardware.vmm;

/**
 * One tracker's contribution to one sync.
 *
 * @param reportedPages 4 KiB pages the tracker reported
 * @param truePages     pages its sources really wrote since its previous sync (ground truth)
 */
public record TrackerSync(String tracker, TrackerKind kind, long reportedPages, long truePages) {
    /** reported / true; 1 is exact, above 1 over-reports (leaf size, all-dirty), NaN when nothing was written. */
    public double amplification() {
        return truePages == 0 ? (reportedPages == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) reportedPages
                / truePages;
    }
}

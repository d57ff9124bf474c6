package io.ioptexplorer.hardware.inspect.tracking;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.memory.GuestMemory;
import java.util.Objects;

/**
 * One tracker's report at one sync against the pages its sources really wrote since its previous sync. The
 * {@link #union()} lane is the set the VMM sends against every page guest memory saw written.
 *
 * @param name     the tracker's name as the report gives it ({@code kvm}, {@code iommu:hwpt3}, ...), or {@code union}
 * @param kind     {@code kvm}, {@code iommu}, {@code device}, {@code type1}, {@code all-dirty} or {@code union}
 * @param reported 4 KiB guest frames (IOVA = GPA) the tracker reported
 * @param truth    4 KiB guest frames its sources wrote
 */
public record Lane(String name, String kind, PageBits reported, PageBits truth) {
    public static final String UNION = "union";

    public Lane {
        Objects.requireNonNull(name);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(reported);
        Objects.requireNonNull(truth);
    }

    public boolean union() {
        return UNION.equals(kind);
    }

    public long reportedPages() {
        return reported.cardinality();
    }

    public long truePages() {
        return truth.cardinality();
    }

    /** Reported and really written. */
    public long truePositives() {
        return reportedPages() - falsePositives();
    }

    /** Reported, never written: the price of a large leaf, of "all dirty", of a device's coarse log. */
    public long falsePositives() {
        return reported.countAndNot(truth);
    }

    /** Written, never reported: pages this sync lost. */
    public long falseNegatives() {
        return truth.countAndNot(reported);
    }

    public long falsePositiveBytes() {
        return falsePositives() * GuestMemory.PAGE_SIZE;
    }

    public long falseNegativeBytes() {
        return falseNegatives() * GuestMemory.PAGE_SIZE;
    }

    /** The same four classes, counted over frames {@code [from, to)}: what one pixel of a lane stands for. */
    public Counts countsIn(long from, long to) {
        long tp = reported.countAndIn(truth, from, to);
        return new Counts(tp, reported.countAndNotIn(truth, from, to), truth.countAndNotIn(reported, from, to));
    }

    /** Frames in a range: reported and written, reported only (false positive), written only (false negative). */
    public record Counts(long truePositives, long falsePositives, long falseNegatives) {
        public boolean isEmpty() {
            return truePositives == 0 && falsePositives == 0 && falseNegatives == 0;
        }
    }
}

package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import java.util.ArrayList;
import java.util.List;

/** Range helpers shared by the VFIO variant drivers. */
public final class VfioRanges {

    private VfioRanges() {
    }

    /**
     * {@code vfio_combine_iova_ranges(root, cur_nodes, req_nodes)} of {@code drivers/vfio/vfio_main.c} (moved there
     * from {@code mlx5/cmd.c}'s {@code combine_ranges} in 2023): reduces sorted, non-overlapping ranges to
     * {@code req} ranges.
     * <ul>
     *   <li>{@code req == 1}: one range from the first start to the last range's last address, gaps included.</li>
     *   <li>otherwise, while there are more than {@code req} ranges: scan adjacent pairs in ascending order, take the
     *       pair with the smallest gap {@code next.start - prev.last} (note: measured to {@code last}, so touching
     *       ranges have gap 1; ties go to the lowest pair because the comparison is strict), and merge it.</li>
     * </ul>
     * Callers only invoke it when the count exceeds {@code req}; with {@code count <= req} and {@code req > 1} the
     * list is returned unchanged.
     *
     * @param sorted ranges in ascending order, non-overlapping (as the interval tree yields them)
     * @param req requested count, at least 1 (the kernel's behaviour for 0 is undefined)
     * @return a new list
     */
    public static List<IovaRange> combine(List<IovaRange> sorted, int req) {
        if (req < 1) {
            throw new IllegalArgumentException("req_nodes must be >= 1, got " + req);
        }
        checkSorted(sorted);
        List<IovaRange> out = new ArrayList<>(sorted);
        if (out.isEmpty()) {
            return out;
        }
        if (req == 1) {
            long start = out.get(0).iova();
            long last = out.get(out.size() - 1).last();
            out.clear();
            out.add(IovaRange.ofLast(start, last));
            return out;
        }
        while (out.size() > req) {
            long minGap = -1L; // ULONG_MAX
            int best = -1;
            for (int i = 1; i < out.size(); i++) {
                long gap = out.get(i).iova() - out.get(i - 1).last();
                if (IovaMath.ltu(gap, minGap)) {
                    minGap = gap;
                    best = i - 1;
                }
            }
            if (best < 0) {
                break; // every gap is ULONG_MAX: cannot happen for sorted non-overlapping ranges
            }
            IovaRange a = out.get(best);
            IovaRange b = out.get(best + 1);
            out.set(best, IovaRange.ofLast(a.iova(), b.last()));
            out.remove(best + 1);
        }
        return out;
    }

    /** Sorts ranges by start (unsigned), as iterating the kernel interval tree does. */
    public static List<IovaRange> sortByStart(List<IovaRange> ranges) {
        List<IovaRange> s = new ArrayList<>(ranges);
        s.sort((x, y) -> Long.compareUnsigned(x.iova(), y.iova()));
        return s;
    }

    /** Sum of {@code last - start + 1} over the ranges. */
    public static long totalLength(List<IovaRange> ranges) {
        long t = 0;
        for (IovaRange r : ranges) {
            t += r.length();
        }
        return t;
    }

    private static void checkSorted(List<IovaRange> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            if (!IovaMath.ltu(sorted.get(i - 1).last(), sorted.get(i).iova())) {
                throw new IllegalArgumentException("ranges not sorted and disjoint at " + sorted.get(i - 1)
                        + ", " + sorted.get(i));
            }
        }
    }
}

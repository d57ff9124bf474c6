package io.ioptexplorer.hardware.vfio.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class VfioRangesPropertyTest {

    /** Builds sorted disjoint page ranges from (gap, length) pairs in pages. */
    private static List<IovaRange> build(List<Integer> gaps, List<Integer> lens) {
        List<IovaRange> out = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < Math.min(gaps.size(), lens.size()); i++) {
            at += (long) gaps.get(i) * 4096;
            long len = (long) lens.get(i) * 4096;
            out.add(new IovaRange(at, len));
            at += len;
        }
        return out;
    }

    @Property(tries = 300)
    void combineKeepsCoverageAndReachesTheRequestedCount(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 50) Integer> gaps,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 50) Integer> lens,
            @ForAll @IntRange(min = 1, max = 25) int req) {
        List<IovaRange> in = build(gaps, lens);
        List<IovaRange> out = VfioRanges.combine(in, req);
        assertThat(out).hasSize(Math.min(req, in.size()));
        Set<Long> starts = new TreeSet<>();
        Set<Long> lasts = new TreeSet<>();
        for (IovaRange r : in) {
            starts.add(r.iova());
            lasts.add(r.last());
            assertThat(out).anyMatch(o -> o.iova() <= r.iova() && r.last() <= o.last());
        }
        for (int i = 0; i < out.size(); i++) {
            assertThat(starts).contains(out.get(i).iova());
            assertThat(lasts).contains(out.get(i).last());
            if (i > 0) {
                assertThat(out.get(i - 1).last()).isLessThan(out.get(i).iova());
            }
        }
    }

    @Property(tries = 200)
    void combineMergesTheSmallestGapFirst(
            @ForAll @Size(min = 3, max = 12) List<@IntRange(min = 1, max = 30) Integer> gaps,
            @ForAll @Size(min = 3, max = 12) List<@IntRange(min = 1, max = 30) Integer> lens) {
        List<IovaRange> in = build(gaps, lens);
        List<IovaRange> out = VfioRanges.combine(in, in.size() - 1);
        // exactly one pair merged, and no remaining gap is smaller than the merged one
        long mergedGap = -1;
        for (int i = 0, j = 0; i < in.size(); i++, j++) {
            if (!out.get(j).equals(in.get(i))) {
                mergedGap = in.get(i + 1).iova() - in.get(i).last();
                i++;
            }
        }
        assertThat(mergedGap).isPositive();
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).iova() - out.get(i - 1).last()).isGreaterThanOrEqualTo(mergedGap);
        }
    }
}

package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * A range invalidation that probes only the sets an overlapping leaf can live in (small ranges, e.g. one leaf after
 * each cleaned Dirty bit) drops exactly what looking at every slot drops: the same count, and every slot the same
 * after (its leaf, dirty state and LRU stamp), so later lookups and fills see the same IOTLB. Leaves of 4 KiB, 2 MiB
 * and 1 GiB in two domains, ranges from one page to beyond the probing threshold, with ends inside leaves.
 */
class IotlbRangeInvalidationPropertyTest {
    private static final long[] SIZES = {1L << 12, 1L << 21, 1L << 30};

    @Property(tries = 300)
    void probingDropsWhatTheScanDrops(
            @ForAll @Size(min = 1, max = 120) List<@LongRange(min = 0, max = (1L << 14) - 1) Long> fills,
            @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = (1L << 33) - 1) Long> starts,
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 600) Integer> pages,
            @ForAll @IntRange(min = 0, max = 2) int sizeMix) {
        Iotlb probing = new Iotlb("u", 64, 4, EventSink.NONE);
        Iotlb scanning = new Iotlb("u", 64, 4, EventSink.NONE);
        for (long f : fills) {
            long size = SIZES[(int) ((f >>> 1) % (sizeMix + 1))];
            long base = ((f * 4099) << 12) & ((1L << 33) - 1) & -size; // a leaf's base: aligned, within 8 GiB
            int domain = (int) (f & 1) + 1;
            probing.fill(domain, base, size, 0x1000 * f, 3, (f & 2) != 0);
            scanning.fill(domain, base, size, 0x1000 * f, 3, (f & 2) != 0);
        }
        for (int k = 0; k < starts.size(); k++) {
            long start = starts.get(k) & -256; // not page-aligned: an end inside a leaf
            int n = pages.get(k % pages.size());
            long end = start + (long) (k % 3 == 0 ? n : n % 12 + 1) * 4096 - (k & 1) * 100;
            int domain = k % 2 + 1;
            boolean probed = probing.probesFor(start, end) <= 64;
            int dropped = probing.invalidateRange(domain, start, end, "test");
            assertThat(dropped).isEqualTo(scanning.invalidateRangeByScanning(domain, start, end));
            for (int slot = 0; slot < 64; slot++) {
                assertThat(probing.entry(slot)).isEqualTo(scanning.entry(slot));
            }
            Statistics.label("probed").collect(probed);
            Statistics.label("probed and dropped").collect(probed && dropped > 0);
        }
        Statistics.label("probed").coverage(c -> c.check(true).percentage(p -> p >= 20));
        Statistics.label("probed and dropped").coverage(c -> c.check(true).percentage(p -> p >= 2));
        assertThat(probing.stats()).isEqualTo(scanning.stats());
    }

    @Property(tries = 100)
    void aRangeTheScanComparesSignedIsLeftToTheScan(@ForAll @LongRange(min = 1, max = 1L << 20) long length) {
        Iotlb probing = new Iotlb("u", 16, 2, EventSink.NONE);
        Iotlb scanning = new Iotlb("u", 16, 2, EventSink.NONE);
        long top = Long.MAX_VALUE & -4096L; // the last 4 KiB leaf below 2^63: leafIova + size overflows
        for (Iotlb t : List.of(probing, scanning)) {
            t.fill(1, top, 4096, 0x1000, 3, true);
            t.fill(1, 0, 4096, 0x2000, 3, true);
        }
        assertThat(probing.invalidateRange(1, top - length, Long.MAX_VALUE, "test"))
            .isEqualTo(scanning.invalidateRangeByScanning(1, top - length, Long.MAX_VALUE));
        assertThat(probing.validEntries()).isEqualTo(scanning.validEntries());
    }
}

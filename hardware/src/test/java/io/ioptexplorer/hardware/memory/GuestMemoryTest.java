package io.ioptexplorer.hardware.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import org.junit.jupiter.api.Test;

/** Guest memory sized for a 1 TiB guest: 256 M pages addressable, storage only where pages were written. */
class GuestMemoryTest {

    @Test
    void aTebibyteGuestKeepsVersionsOfEveryPageAndTheTruthOfTheLast() {
        GuestMemory m = new GuestMemory(1L << 40, GuestMemory.PAGE_SIZE);
        long lastPfn = m.pages() - 1;
        assertThat(m.pages()).isEqualTo(1L << 28);
        m.write(lastPfn << GuestMemory.PAGE_SHIFT, 1);
        m.write(0, 2 * GuestMemory.PAGE_SIZE);
        assertThat(m.version(lastPfn)).isEqualTo(1);
        assertThat(m.version(1)).isEqualTo(1);
        assertThat(m.version(2)).isZero();
        assertThat(m.takeTruth()).isEqualTo(PageBits.of(0, 1, lastPfn));
    }

    @Test
    void receivingNeverWrittenPagesCostsNoStorageAndReadsBackAsZero() {
        GuestMemory dest = new GuestMemory(1L << 40, GuestMemory.PAGE_SIZE);
        long before = usedHeapAfterGc();
        for (long pfn = 0; pfn < dest.pages(); pfn += 1 << 10) {
            dest.setVersion(pfn, 0); // round 0 sends every page; most were never written
        }
        assertThat(usedHeapAfterGc() - before).as("bytes kept for 256 K never-written pages").isLessThan(16L << 20);
        dest.setVersion(5, 3);
        dest.setVersion(6, 0); // same chunk as page 5, now allocated: stored
        assertThat(dest.version(5)).isEqualTo(3);
        assertThat(dest.version(6)).isZero();
        assertThat(dest.version(dest.pages() - 1)).isZero();
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }
}

package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.sim.CopyContext;
import org.junit.jupiter.api.Test;

/** A copied IOTLB keeps every entry with the dirty state it cached, its LRU order and counters, independently. */
class IotlbCopyTest {
    private static final long K4 = 4096;

    @Test
    void aCopyAndTheOriginalDivergeIndependently() {
        EventLog log = new EventLog();
        Iotlb tlb = new Iotlb("u", 16, 2, log);
        for (int i = 0; i < 12; i++) {
            tlb.fill(1, i * K4, K4, 0x100000 + i * K4, 3, i % 2 == 0);
        }
        tlb.lookup(1, 3 * K4);
        CopyContext ctx = new CopyContext();
        EventLog copyLog = new EventLog();
        ctx.register(log, copyLog);
        Iotlb copy = tlb.copy(ctx);
        String before = dump(tlb);
        assertThat(dump(copy)).isEqualTo(before);
        assertThat(copy.stats()).isEqualTo(tlb.stats());

        tlb.invalidateDomain(1, "test");
        int slot = copy.lookup(1, 4 * K4);
        assertThat(slot).as("the copy still caches what the original dropped").isGreaterThanOrEqualTo(0);
        assertThat(copy.cachedDirty(slot)).isTrue();
        assertThat(tlb.validEntries()).isZero();
        assertThat(copy.validEntries()).isEqualTo(12);

        copy.markCachedDirty(copy.lookup(1, 5 * K4));
        tlb.fill(1, 5 * K4, K4, 0x100000 + 5 * K4, 3, false);
        assertThat(tlb.cachedDirty(tlb.lookup(1, 5 * K4))).isFalse();
        assertThat(copy.cachedDirty(copy.lookup(1, 5 * K4))).isTrue();
        assertThat(copy.stats().hits()).isNotEqualTo(tlb.stats().hits());
        assertThat(ctx.copiedBytes()).as("the arrays were copied, and counted").isPositive();
    }

    /** The copied IOTLB publishes to the copy's sink, not the original's. */
    @Test
    void aCopyPublishesToTheCopiedSink() {
        EventLog log = new EventLog();
        Iotlb tlb = new Iotlb("u", 8, 2, log);
        CopyContext ctx = new CopyContext();
        EventLog copyLog = new EventLog();
        ctx.register(log, copyLog);
        Iotlb copy = tlb.copy(ctx);
        int before = log.events().size();
        copy.fill(2, 0, K4, 0, 3, false);
        assertThat(log.events()).hasSize(before);
        assertThat(copyLog.events()).isNotEmpty();
    }

    private static String dump(Iotlb t) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < t.entries(); s++) {
            b.append(t.entry(s)).append('\n');
        }
        return b.toString();
    }
}

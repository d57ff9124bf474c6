package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.events.IotlbEvicted;
import org.junit.jupiter.api.Test;

class IotlbTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;

    @Test
    void waysMustDivideEntries() {
        assertThatThrownBy(() -> new Iotlb("u", 10, 4, new EventLog()))
                .hasMessageContaining("must divide");
    }

    @Test
    void missThenFillThenHitKeepsTheDirtyStateSeen() {
        Iotlb tlb = new Iotlb("u", 64, 4, new EventLog());
        assertThat(tlb.lookup(1, 0x5000)).isEqualTo(-1);
        tlb.fill(1, 0x5000, K4, 0x9000, 3, true);
        int slot = tlb.lookup(1, 0x5abc);
        assertThat(slot).isNotNegative();
        assertThat(tlb.cachedDirty(slot)).isTrue();
        assertThat(tlb.cachedPhysAddr(slot)).isEqualTo(0x9000);
        assertThat(tlb.stats()).isEqualTo(new IotlbStats(1, 1, 1, 0, 0));
        // another domain does not see it
        assertThat(tlb.lookup(2, 0x5000)).isEqualTo(-1);
    }

    @Test
    void hugeLeafServesEveryAddressInside() {
        Iotlb tlb = new Iotlb("u", 16, 2, new EventLog());
        tlb.fill(1, 0x200000, M2, 0x40000000L, 3, false);
        tlb.fill(1, 0x0, K4, 0x1000, 3, false);
        assertThat(tlb.lookup(1, 0x3fffff)).isNotNegative();
        assertThat(tlb.lookup(1, 0x200000 + 0x12345)).isNotNegative();
        assertThat(tlb.lookup(1, 0x0fff)).isNotNegative();
        assertThat(tlb.lookup(1, 0x1000)).isEqualTo(-1);
    }

    @Test
    void fullSetEvictsLeastRecentlyUsed() {
        EventLog log = new EventLog();
        Iotlb tlb = new Iotlb("u", 2, 2, log); // one set of two ways: every entry competes
        tlb.fill(1, 0x1000, K4, 0xa000, 3, false);
        tlb.fill(1, 0x2000, K4, 0xb000, 3, false);
        tlb.lookup(1, 0x1000); // 0x1000 is now more recent than 0x2000
        tlb.fill(1, 0x3000, K4, 0xc000, 3, false);
        assertThat(tlb.lookup(1, 0x2000)).isEqualTo(-1);
        assertThat(tlb.lookup(1, 0x1000)).isNotNegative();
        assertThat(tlb.lookup(1, 0x3000)).isNotNegative();
        assertThat(log.ofType(IotlbEvicted.class)).singleElement()
                .satisfies(e -> assertThat(e.leafIova()).isEqualTo(0x2000));
        assertThat(tlb.stats().evictions()).isEqualTo(1);
    }

    @Test
    void rangeInvalidationDropsOnlyOverlappingEntriesOfThatDomain() {
        Iotlb tlb = new Iotlb("u", 64, 4, new EventLog());
        tlb.fill(1, 0x1000, K4, 0xa000, 3, true);
        tlb.fill(1, 0x2000, K4, 0xb000, 3, true);
        tlb.fill(2, 0x1000, K4, 0xc000, 3, true);
        tlb.fill(1, 0x200000, M2, 0x40000000L, 3, true);
        assertThat(tlb.invalidateRange(1, 0x1000, 0x2000, "TEST")).isEqualTo(1);
        assertThat(tlb.lookup(1, 0x1000)).isEqualTo(-1);
        assertThat(tlb.lookup(1, 0x2000)).isNotNegative();
        assertThat(tlb.lookup(2, 0x1000)).isNotNegative();
        // a range touching the middle of a 2 MiB leaf drops the whole leaf
        assertThat(tlb.invalidateRange(1, 0x300000, 0x301000, "TEST")).isEqualTo(1);
        assertThat(tlb.lookup(1, 0x200000)).isEqualTo(-1);
        assertThat(tlb.invalidateDomain(1, "TEST")).isEqualTo(1);
        assertThat(tlb.validEntries()).isEqualTo(1);
    }

    @Test
    void refillOfTheSameLeafUpdatesInPlace() {
        Iotlb tlb = new Iotlb("u", 8, 8, new EventLog());
        tlb.fill(1, 0x1000, K4, 0xa000, 3, false);
        tlb.fill(1, 0x1000, K4, 0xa000, 3, true);
        assertThat(tlb.validEntries()).isEqualTo(1);
        assertThat(tlb.cachedDirty(tlb.lookup(1, 0x1000))).isTrue();
    }

    // Mutants PIT left alive in the IOTLB (issue 16). Two more are equivalent and have no test: '<=' for '<' in
    // fill's LRU search (lastUse values of valid entries are unique), and leaving out drop() of an entry that is
    // about to be overwritten (it only keeps a leaf size in the probe list: one extra probe, never a wrong hit).

    @Test
    void anIotlbWithoutEntriesIsRefused() {
        assertThatThrownBy(() -> new Iotlb("u", 0, 4, new EventLog())).hasMessageContaining("must divide");
    }

    @Test
    void withoutLookupsTheFirstFilledIsTheFirstEvicted() {
        Iotlb tlb = new Iotlb("u", 2, 2, new EventLog());
        tlb.fill(1, 0x1000, K4, 0xa000, 3, false);
        tlb.fill(1, 0x2000, K4, 0xb000, 3, false);
        tlb.fill(1, 0x3000, K4, 0xc000, 3, false);
        assertThat(tlb.lookup(1, 0x1000)).isEqualTo(-1);
        assertThat(tlb.lookup(1, 0x2000)).isNotNegative();
    }

    @Test
    void everyFillIsAnEventCarryingWhatWasCached() {
        EventLog log = new EventLog();
        Iotlb tlb = new Iotlb("u", 64, 4, log);
        tlb.fill(7, 0x200000, M2, 0x40000000L, 1, true);
        assertThat(log.ofType(io.ioptexplorer.hardware.iommu.events.IotlbFilled.class)).singleElement()
                .isEqualTo(new io.ioptexplorer.hardware.iommu.events.IotlbFilled("u", 7, 0x200000, M2, 0x40000000L,
                        1, true));
    }

    /** The stale entries a skipped flush reports: dirty ones overlapping [start, end), and not one beside it. */
    @Test
    void countCachedDirtyCountsOnlyDirtyEntriesInsideTheRange() {
        Iotlb tlb = new Iotlb("u", 64, 4, new EventLog());
        tlb.fill(1, 0x1000, K4, 0xa000, 3, true);
        tlb.fill(1, 0x2000, K4, 0xb000, 3, true);
        tlb.fill(1, 0x3000, K4, 0xc000, 3, false);
        tlb.fill(2, 0x2000, K4, 0xd000, 3, true);
        assertThat(tlb.countCachedDirty(1, 0x2000, 0x3000)).isEqualTo(1);
        assertThat(tlb.countCachedDirty(1, 0x1000, 0x4000)).isEqualTo(2);
        assertThat(tlb.countCachedDirty(1, 0x2fff, 0x3000)).isEqualTo(1);
        assertThat(tlb.countCachedDirty(1, 0x3000, 0x4000)).isZero();
        assertThat(tlb.countCachedDirty(1, 0x0, 0x1000)).isZero();
    }
}

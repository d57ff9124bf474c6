package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.events.IotlbInvalidated;
import org.junit.jupiter.api.Test;

/**
 * The IOTLB's invalidations at their edges, found by PIT on the {@code iommu} package (issue 16): a range drops
 * exactly the entries of its domain that overlap it (an entry starting at the range's end or ending at its start
 * stays), says how many in its return value, its statistics and its event, and a domain-selective invalidation drops
 * that domain's entries and no other's.
 *
 * <p>Equivalent mutants left in {@code Iotlb}, explained rather than killed: removing a {@code drop} call on an entry
 * about to be overwritten in place (refresh or eviction), or miscounting {@code sizeCounts}, only leaves a leaf size
 * in the list {@code lookup} tries, which then misses for that size: the same answers, one probe slower. In
 * {@code fill}'s LRU scan, {@code lastUse[i] < oldest} and {@code <=} choose the same victim because use counters are
 * unique.
 */
class IotlbInvalidationEdgesTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;

    @Test
    void aRangeDropsTheEntriesOfItsDomainThatOverlapItAndNoneThatOnlyTouchItsEnds() {
        EventLog log = new EventLog();
        Iotlb tlb = new Iotlb("u", 64, 4, log);
        tlb.fill(1, 0x10000 - K4, K4, 0xa000, 3, false); // ends where the range starts
        tlb.fill(1, 0x10000, K4, 0xb000, 3, false); // first page of the range
        tlb.fill(1, 0x13000, K4, 0xc000, 3, true); // last page of the range
        tlb.fill(1, 0x14000, K4, 0xd000, 3, false); // starts where the range ends
        tlb.fill(2, 0x11000, K4, 0xe000, 3, false); // inside, another domain
        tlb.fill(1, 0x200000, M2, 0x400000, 3, false); // far away
        int dropped = tlb.invalidateRange(1, 0x10000, 0x14000, "CMD_TLBI_NH_VA");
        assertThat(dropped).isEqualTo(2);
        assertThat(tlb.lookup(1, 0x10000 - K4)).as("the entry ending at the start stays").isNotNegative();
        assertThat(tlb.lookup(1, 0x14000)).as("the entry starting at the end stays").isNotNegative();
        assertThat(tlb.lookup(1, 0x10000)).isEqualTo(-1);
        assertThat(tlb.lookup(1, 0x13000)).isEqualTo(-1);
        assertThat(tlb.lookup(2, 0x11000)).as("another domain's entry stays").isNotNegative();
        assertThat(tlb.lookup(1, 0x200000)).isNotNegative();
        assertThat(log.ofType(IotlbInvalidated.class))
                .containsExactly(new IotlbInvalidated("u", "CMD_TLBI_NH_VA", 1, 0x10000, 0x14000, 2));
        tlb.invalidateRange(1, 0x200000 + K4, 0x200000 + 2 * K4, "CMD_TLBI_NH_VA"); // inside the 2 MiB leaf
        assertThat(tlb.lookup(1, 0x300000)).as("a range inside a huge leaf drops the leaf").isEqualTo(-1);
        assertThat(tlb.stats().entriesInvalidated()).as("both invalidations counted").isEqualTo(3);
    }

    @Test
    void aDomainSelectiveInvalidationDropsThatDomainAlone() {
        EventLog log = new EventLog();
        Iotlb tlb = new Iotlb("u", 16, 4, log);
        tlb.fill(1, 0x1000, K4, 0xa000, 3, false);
        tlb.fill(1, 0x200000, M2, 0x400000, 3, true);
        tlb.fill(2, 0x1000, K4, 0xb000, 3, false);
        assertThat(tlb.invalidateDomain(1, "IOTLB_DSI")).isEqualTo(2);
        assertThat(tlb.lookup(1, 0x1000)).isEqualTo(-1);
        assertThat(tlb.lookup(1, 0x200000)).isEqualTo(-1);
        assertThat(tlb.lookup(2, 0x1000)).isNotNegative();
        assertThat(tlb.validEntries()).isEqualTo(1);
        assertThat(tlb.stats().entriesInvalidated()).isEqualTo(2);
        assertThat(log.ofType(IotlbInvalidated.class))
                .containsExactly(new IotlbInvalidated("u", "IOTLB_DSI", 1, 0, -1L, 2));
        assertThat(tlb.invalidateDomain(1, "IOTLB_DSI")).as("nothing left to drop").isZero();
        assertThat(tlb.stats().entriesInvalidated()).isEqualTo(2);
    }

    @Test
    void aFillReturnsTheSlotItUsedAndTheSlotsViewSaysItsSet() {
        Iotlb tlb = new Iotlb("u", 16, 4, new EventLog());
        for (int i = 0; i < 16; i++) {
            long iova = 0x100000L + i * K4;
            int slot = tlb.fill(3, iova, K4, 0x9000 + i * K4, 1, false);
            IotlbEntryView e = tlb.entry(slot);
            assertThat(e.leafIova()).isEqualTo(iova);
            assertThat(e.set()).isEqualTo(slot / tlb.ways());
            assertThat(tlb.lookup(3, iova)).isEqualTo(slot);
            assertThat(tlb.cachedLeafSize(slot)).isEqualTo(K4);
        }
    }

    @Test
    void anIotlbOfNoEntriesIsRefused() {
        assertThatThrownBy(() -> new Iotlb("u", 0, 1, new EventLog())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Iotlb("u", 4, 0, new EventLog())).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.ioptexplorer.viewmodel.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.events.IotlbHit;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import org.junit.jupiter.api.Test;

/**
 * Paused inside an IOTLB hit, nothing was walked; the snapshot names the leaf the hit's IOTLB entry caches, for the
 * tree to open and select, and whether that entry is stale. The stale-IOTLB sample's second DMA hits the 4 entries
 * whose Dirty bits the bitmap read cleared without an invalidation (its narration, step 4).
 */
class CachedHitTest {
    @Test
    void aHitOfAStaleEntryNamesTheLeafItCachesAndSaysItIsStale() throws Exception {
        PausedInside p = new PausedInside("stale-iotlb-hazard.yaml", 3,
            e -> e.step() == 3 && e.event() instanceof IotlbHit, 4);
        assertThat(p.seen).hasSize(4);
        for (PausedInside.Seen x : p.seen) {
            IotlbHit h = (IotlbHit) x.event().event();
            PageTableSnapshot s = x.snapshot();
            assertThat(s.walk()).as("a hit walks nothing").isNull();
            CachedHit c = s.hit();
            assertThat(c).as("inside %s", h).isNotNull();
            assertThat(c.path().reachedLeaf()).isTrue();
            assertThat(c.end().kind()).isEqualTo(PageTableFormat.LEAF);
            assertThat(c.path().leafIova()).isEqualTo(h.leafIova());
            assertThat(c.path().leafSize()).isEqualTo(h.leafSize());
            assertThat(c.line()).isNotNull();
            assertThat(c.line().cachedDirty()).isTrue();
            assertThat(c.stale()).as("D was cleared in the table, the IOTLB still says dirty").isTrue();
            assertThat(c.line().staleWhy()).contains("Dirty bit was cleared");
        }
    }

    @Test
    void aHitOfAFreshEntryIsNotStaleAndOtherEventsHaveNoHit() throws Exception {
        int migrate = PausedInside.stepOf("stale-iotlb-hazard.yaml", "migrate");
        // The migration's first hits come before its first sync cleared anything: the entries still match the table.
        PausedInside p = new PausedInside("stale-iotlb-hazard.yaml", migrate,
            e -> e.step() == migrate && e.event() instanceof IotlbHit, 1);
        assertThat(p.seen).hasSize(1);
        assertThat(p.seen.get(0).snapshot().hit().stale()).isFalse();

        PausedInside dma = new PausedInside("stale-iotlb-hazard.yaml", 1,
            e -> e.step() == 1 && !(e.event() instanceof IotlbHit), 30);
        assertThat(dma.seen).isNotEmpty().allSatisfy(x -> assertThat(x.snapshot().hit()).isNull());
    }
}

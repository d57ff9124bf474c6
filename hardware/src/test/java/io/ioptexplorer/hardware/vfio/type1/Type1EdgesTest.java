package io.ioptexplorer.hardware.vfio.type1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import io.ioptexplorer.hardware.vfio.type1.Type1Container.GroupType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Type1 paths {@link Type1ContainerTest} leaves out (issue 16's mutation survivors): mappings away from IOVA 0, where
 * pinned and written bits land, reference counts of pins, the VADDR unmap, group detach, and the events. Source:
 * drivers/vfio/vfio_iommu_type1.c ({@code vfio_dma_do_unmap}, {@code vfio_iova_dirty_bitmap},
 * {@code vfio_iommu_type1_pin_pages}, {@code vfio_iommu_type1_unpin_pages}, {@code vfio_iommu_type1_dma_rw},
 * {@code vfio_iommu_type1_detach_group}).
 */
class Type1EdgesTest {
    private static final long K4 = 4096;
    private static final long M1 = 1L << 20;
    private static final long A = 16 * M1; // mappings away from IOVA 0, so offsets inside a vfio_dma matter

    private final EventLog log = new EventLog();
    private final Type1Container c = new Type1Container(log);

    private static void assertErrno(Errno errno, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(errno);
    }

    @Test
    void pinnedAndWrittenPagesOfAMappingAwayFromZeroLandOnTheirOwnBits() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.pinPages("mdev", A + 3 * K4, 1);
        c.dmaRw("mdev", A + 8 * K4 + 100, 2 * K4, true); // bytes in pages 8, 9 and 10
        c.dmaRw("mdev", A + 20 * K4, 2 * K4, true);       // exactly pages 20 and 21
        c.dmaRw("mdev", A + 30 * K4, K4, false);          // a read marks nothing
        IovaBitmap b = c.getDirtyBitmap(A, M1, K4);
        assertThat(b.get(19)).isFalse();
        assertThat(b.get(20)).isTrue();
        assertThat(b.get(21)).isTrue();
        assertThat(b.get(22)).isFalse();
        assertThat(b.cardinality()).isEqualTo(6);
        assertThat(b.get(3)).isTrue();
        assertThat(b.get(8)).isTrue();
        assertThat(b.get(9)).isTrue();
        assertThat(b.get(10)).isTrue();
        assertThat(b.get(11)).isFalse();
        // vfio_dma_populate_bitmap after the GET: only the page still pinned is dirty again
        IovaBitmap again = c.getDirtyBitmap(A, M1, K4);
        assertThat(again.cardinality()).isEqualTo(1);
        assertThat(again.get(3)).isTrue();
        assertThat(log.ofType(Type1Events.BitmapRead.class)).containsExactly(
                new Type1Events.BitmapRead(A, M1, 6, false), new Type1Events.BitmapRead(A, M1, 1, false));
    }

    @Test
    void aPageAlreadyPinnedBeforeTrackingIsDirtyFromTheStart() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.pinPages("mdev", A + 5 * K4, 1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START); // vfio_dma_bitmap_alloc_all populates pinned pages
        IovaBitmap b = c.getDirtyBitmap(A, M1, K4);
        assertThat(b.cardinality()).isEqualTo(1);
        assertThat(b.get(5)).isTrue();
    }

    @Test
    void pinsAreCountedPerPageAndUnpinDropsOneReferencePerCall() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, 2 * M1); // room for PIN_PAGES_MAX_ENTRIES (512) pages
        assertThat(c.pinPages("mdev", A, 2)).isEqualTo(2);
        assertThat(c.pinPages("mdev", A, 1)).isEqualTo(1); // page A now has two references
        assertThat(c.pinnedPageCount()).isEqualTo(2);
        c.unpinPages(A, 2); // one reference each
        assertThat(c.pinnedPageCount()).isEqualTo(1);
        c.unpinPages(A, 1);
        assertThat(c.pinnedPageCount()).isZero();
        c.pinPages("mdev", A, 3);
        c.unpinPages(A + K4, 1); // only the middle page
        assertThat(c.pinnedPageCount()).isEqualTo(2);
        // VFIO_PIN_PAGES_MAX_ENTRIES pages in one call are allowed, one more is E2BIG
        assertThat(c.pinPages("mdev", A, Type1Container.PIN_PAGES_MAX_ENTRIES))
                .isEqualTo(Type1Container.PIN_PAGES_MAX_ENTRIES);
        assertErrno(Errno.E2BIG, () -> c.pinPages("mdev", A, Type1Container.PIN_PAGES_MAX_ENTRIES + 1));
    }

    @Test
    void unmapNotifiesPinnersSoTheUnmappedPagesAreNoLongerPinned() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.map(A + M1, M1);
        c.pinPages("mdev", A + K4, 1);
        c.pinPages("mdev", A + M1, 1);
        c.unmap(A, M1);
        assertThat(c.pinnedPageCount()).isEqualTo(1);
        assertThat(c.mappings()).containsExactly(new IovaRange(A + M1, M1));
    }

    @Test
    void unmapOfALaterRangeLeavesEarlierAndAdjacentMappingsAlone() {
        c.map(K4, K4);
        c.map(2 * K4, K4);   // adjacent to the first
        c.map(A, M1);
        assertThat(c.unmap(2 * K4, K4)).isEqualTo(K4);
        assertThat(c.unmap(A, M1)).isEqualTo(M1);
        assertThat(c.mappings()).containsExactly(new IovaRange(K4, K4));
        assertThat(log.ofType(Type1Events.Unmapped.class)).containsExactly(
                new Type1Events.Unmapped(2 * K4, K4, K4, -1), new Type1Events.Unmapped(A, M1, M1, -1));
    }

    @Test
    void unmapChecksAlignmentAndWrapAwayFromZero() {
        c.map(A, M1);
        assertErrno(Errno.EINVAL, () -> c.unmap(A + 0x800, K4));
        assertErrno(Errno.EINVAL, () -> c.unmap(A, K4 + 0x800));
        assertErrno(Errno.EINVAL, () -> c.unmap(-K4, 2 * K4)); // wraps past 2^64
        assertErrno(Errno.EINVAL, () -> c.map(-K4, 2 * K4));
        assertThat(c.unmap(A, M1)).isEqualTo(M1);
    }

    @Test
    void getBitmapAwayFromZeroChecksAlignmentAndBisection() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(A + 0x800, M1, K4));
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(A, M1 - K4, K4));      // ends inside the mapping
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(A + K4, M1 - K4, K4)); // starts inside it
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(-K4, 2 * K4, K4));     // iova + size wraps
        assertThat(c.getDirtyBitmap(A, M1, K4).cardinality()).isZero();
        assertThat(c.getDirtyBitmap(A - M1, 2 * M1, K4).cardinality()).isZero(); // a hole before it is fine
    }

    @Test
    void unmapWithBitmapAwayFromZeroReportsThePinnedPage() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.pinPages("mdev", A + 7 * K4, 1);
        // verify_bitmap_size runs before anything else: an empty bitmap is EINVAL even for a good range
        assertErrno(Errno.EINVAL, () -> c.unmap(A, M1, Type1Container.UNMAP_FLAG_GET_DIRTY_BITMAP, 2 * M1));
        Type1Container.UnmapResult r = c.unmap(A, M1, true);
        assertThat(r.unmapped()).isEqualTo(M1);
        assertThat(r.bitmap().cardinality()).isEqualTo(1);
        assertThat(r.bitmap().get(7)).isTrue();
        assertThat(log.ofType(Type1Events.Unmapped.class)).containsExactly(new Type1Events.Unmapped(A, M1, M1, 1));
    }

    @Test
    void vaddrUnmapInvalidatesWithoutUnmappingAndBlocksPinsUntilTheVaddrIsBack() {
        c.attachGroup("gpu", GroupType.IOMMU);
        c.map(A, M1);
        c.map(A + M1, M1);
        assertThat(c.unmap(A, 2 * M1, Type1Container.UNMAP_FLAG_VADDR, 0).unmapped()).isEqualTo(2 * M1);
        assertThat(c.mappings()).hasSize(2); // VFIO_DMA_UNMAP_FLAG_VADDR keeps the IOMMU mappings
        assertErrno(Errno.EBUSY, () -> c.pinPages("gpu", A, 1)); // vaddr_invalid_count != 0
        // invalidating an already invalid vaddr: EINVAL, and the call's own invalidations are undone
        assertErrno(Errno.EINVAL, () -> c.unmap(A, 2 * M1, Type1Container.UNMAP_FLAG_VADDR, 0));
        // a real unmap of an invalid mapping drops it and its count: pins work again
        assertThat(c.unmap(A, 2 * M1)).isEqualTo(2 * M1);
        c.map(A, M1);
        assertThat(c.pinPages("gpu", A, 1)).isEqualTo(1);
    }

    @Test
    void aVaddrUnmapThatMeetsAnInvalidMappingUndoesTheMappingsItInvalidatedBefore() {
        c.attachGroup("gpu", GroupType.IOMMU);
        c.map(A, M1);
        c.map(A + M1, M1);
        c.unmap(A + M1, M1, Type1Container.UNMAP_FLAG_VADDR, 0);
        // the call invalidates A first, then finds A + 1 MiB already invalid: A is valid again
        assertErrno(Errno.EINVAL, () -> c.unmap(A, 2 * M1, Type1Container.UNMAP_FLAG_VADDR, 0));
        c.unmap(A + M1, M1); // drop the invalid one: no invalid vaddr is left if A was restored
        assertThat(c.pinPages("gpu", A, 1)).isEqualTo(1);
    }

    @Test
    void detachingTheLastIommuGroupUnmapsEverythingUnlessAnEmulatedGroupRemains() {
        c.attachGroup("gpu", GroupType.IOMMU);
        c.attachGroup("nic", GroupType.IOMMU);
        c.map(A, M1);
        c.detachGroup("gpu");
        assertThat(c.mappings()).hasSize(1); // another domain remains
        assertThat(c.numNonPinnedGroups()).isEqualTo(1);
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.detachGroup("nic");
        // vfio_iommu_unmap_unpin_reaccount: the emulated group keeps the mappings, no longer IOMMU-mapped
        assertThat(c.mappings()).hasSize(1);
        assertThat(c.numNonPinnedGroups()).isZero();
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertThat(c.getDirtyBitmap(A, M1, K4).cardinality()).isZero();
        // The last emulated group leaves a container with no domain: vfio_iommu_unmap_unpin_all
        c.detachGroup("mdev");
        assertThat(c.mappings()).isEmpty();
        c.map(A, M1);
        c.attachGroup("gpu", GroupType.IOMMU);
        c.detachGroup("gpu");
        // no group of either kind is left after the last IOMMU group either
        assertThat(c.mappings()).isEmpty();
        assertThat(log.ofType(Type1Events.GroupChanged.class)).extracting(Type1Events.GroupChanged::group,
                Type1Events.GroupChanged::attached, Type1Events.GroupChanged::numNonPinnedGroups).containsExactly(
                tuple("gpu", true, 1), tuple("nic", true, 2),
                tuple("gpu", false, 1),
                tuple("mdev", true, 1),
                tuple("nic", false, 0),
                tuple("mdev", false, 0),
                tuple("gpu", true, 1),
                tuple("gpu", false, 0));
    }

    @Test
    void anIommuGroupIsOutsideThePinnedScopeUntilItPins() {
        c.attachGroup("gpu", GroupType.IOMMU);
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        assertThat(c.isPinnedPageDirtyScope("gpu")).isFalse();
        assertThat(c.isPinnedPageDirtyScope("mdev")).isTrue();
        assertThat(c.isPinnedPageDirtyScope("none")).isNull();
        c.map(A, M1);
        c.pinPages("gpu", A, 1);
        assertThat(c.isPinnedPageDirtyScope("gpu")).isTrue();
        assertThat(log.ofType(Type1Events.Mapped.class)).containsExactly(new Type1Events.Mapped(A, M1, true));
        assertThat(log.ofType(Type1Events.GroupPromoted.class)).containsExactly(
                new Type1Events.GroupPromoted("gpu", 0));
    }

    @Test
    void startAndStopAreReportedOnceAndRefusalsNameTheirOperation() {
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START); // idempotent: no second event
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
        assertThat(log.ofType(Type1Events.DirtyTracking.class)).containsExactly(
                new Type1Events.DirtyTracking(true), new Type1Events.DirtyTracking(false));
        assertErrno(Errno.EINVAL, () -> c.map(A, 0));
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(A, M1, K4));
        assertThat(log.ofType(Type1Events.Refused.class)).extracting(Type1Events.Refused::operation,
                Type1Events.Refused::errno).containsExactly(
                tuple("MAP_DMA", Errno.EINVAL),
                tuple("DIRTY_PAGES", Errno.EINVAL));
    }

    @Test
    void dirtyBitmapBytesRoundsUpToWholeU64Words() {
        // DIRTY_BITMAP_BYTES(n) = ALIGN(n, BITS_PER_TYPE(u64)) / BITS_PER_BYTE
        assertThat(Type1Container.dirtyBitmapBytes(1)).isEqualTo(8);
        assertThat(Type1Container.dirtyBitmapBytes(64)).isEqualTo(8);
        assertThat(Type1Container.dirtyBitmapBytes(65)).isEqualTo(16);
        assertThat(Type1Container.DIRTY_BITMAP_SIZE_MAX).isEqualTo(1L << 28);
        assertThat(new Type1Container(64 * 1024, null).pgsize()).isEqualTo(64 * 1024);
    }

    @Test
    void anUnmapRangeStartingInAHoleTakesOnlyTheMappingsInsideIt() {
        c.map(K4, K4);
        c.map(A, M1);
        // [A - 1 MiB, A + 1 MiB) starts in the hole after [4 KiB, 8 KiB): only the mapping at A is inside
        assertThat(c.unmap(A - M1, 2 * M1)).isEqualTo(M1);
        assertThat(c.mappings()).containsExactly(new IovaRange(K4, K4));
        c.map(A, M1);
        // a range starting right where [4 KiB, 8 KiB) ends does not take it
        assertThat(c.unmap(2 * K4, A + M1 - 2 * K4)).isEqualTo(M1);
        assertThat(c.mappings()).containsExactly(new IovaRange(K4, K4));
    }

    @Test
    void aMapOverlappingTheStartOfALaterMappingIsEexistAndTheLastPageBelowTwoToThe64IsMappable() {
        c.map(A, M1);
        // vfio_find_dma: start + size > dma->iova for a mapping above the new one
        assertErrno(Errno.EEXIST, () -> c.map(A - K4, 2 * K4));
        c.map(A - K4, K4); // touching is not overlapping
        c.map(-K4, K4);    // iova + size - 1 = 2^64 - 1 does not wrap
        assertThat(c.mappings()).hasSize(3);
    }

    @Test
    void unalignedIovasAndSizesAreEinvalAlsoWhereNothingIsMapped() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0x800, M1, K4));
        assertErrno(Errno.EINVAL, () -> c.unmap(0x800, K4));
        assertErrno(Errno.EINVAL, () -> c.unmap(0, 0x800));
    }

    @Test
    void aBitmapOfOneMappingNeitherReportsNorClearsTheAdjacentOne() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        c.map(A + M1, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.dmaRw("mdev", A + M1, K4, true); // first page of the second mapping
        // vfio_iova_dirty_bitmap walks the vfio_dmas inside [iova, iova + size) only
        assertThat(c.getDirtyBitmap(A, M1, K4).cardinality()).isZero();
        IovaBitmap second = c.getDirtyBitmap(A + M1, M1, K4);
        assertThat(second.cardinality()).isEqualTo(1);
        assertThat(second.get(0)).isTrue();
    }

    @Test
    void aPromotedIommuGroupNoLongerMakesItsMappingsAllDirty() {
        c.attachGroup("gpu", GroupType.IOMMU);
        c.map(A, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertThat(c.getDirtyBitmap(A, M1, K4).cardinality()).isEqualTo(M1 / K4); // outside the pinned scope
        c.pinPages("gpu", A + K4, 1); // promoted: num_non_pinned_groups 0
        IovaBitmap b = c.getDirtyBitmap(A, M1, K4);
        assertThat(b.cardinality()).isEqualTo(1);
        assertThat(log.ofType(Type1Events.BitmapRead.class)).containsExactly(
                new Type1Events.BitmapRead(A, M1, M1 / K4, true), new Type1Events.BitmapRead(A, M1, 1, false));
    }

    @Test
    void aMappingWithoutAnIommuGroupIsNotIommuMapped() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(A, M1);
        assertThat(log.ofType(Type1Events.Mapped.class)).containsExactly(new Type1Events.Mapped(A, M1, false));
    }
}

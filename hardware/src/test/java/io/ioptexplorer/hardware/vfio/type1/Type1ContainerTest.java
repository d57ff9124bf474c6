package io.ioptexplorer.hardware.vfio.type1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import io.ioptexplorer.hardware.vfio.type1.Type1Container.GroupType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class Type1ContainerTest {

    private static final long K4 = 4096;
    private static final long M1 = 1L << 20;

    private final EventLog log = new EventLog();
    private final Type1Container c = new Type1Container(log);

    private static void assertErrno(Errno errno, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(errno);
    }

    // ------------------------------------------------------------------ map / unmap

    @Test
    void mapErrnos() {
        assertErrno(Errno.EINVAL, () -> c.map(0, 0));
        assertErrno(Errno.EINVAL, () -> c.map(0x800, K4));
        assertErrno(Errno.EINVAL, () -> c.map(0, K4 + 1));
        assertErrno(Errno.EINVAL, () -> c.map(-K4, 2 * K4));
        c.map(0, M1);
        assertErrno(Errno.EEXIST, () -> c.map(M1 - K4, 2 * K4));
        c.map(M1, M1);
        assertThat(c.mappings()).containsExactly(new IovaRange(0, M1), new IovaRange(M1, M1));
    }

    @Test
    void unmapIsWholeMappingsOnly() {
        c.map(0, M1);
        c.map(2 * M1, M1);
        assertErrno(Errno.EINVAL, () -> c.unmap(K4, M1));       // starts inside
        assertErrno(Errno.EINVAL, () -> c.unmap(0, M1 / 2));    // ends inside
        assertErrno(Errno.EINVAL, () -> c.unmap(0, 0));
        assertErrno(Errno.EINVAL, () -> c.unmap(0x10, K4));
        assertThat(c.unmap(0, 3 * M1)).isEqualTo(2 * M1);
        assertThat(c.unmap(0, 3 * M1)).isZero();                 // nothing left: success, 0 bytes
    }

    @Test
    void unmapAllFlag() {
        c.map(0, M1);
        c.map(8 * M1, M1);
        assertErrno(Errno.EINVAL, () -> c.unmap(0, M1, Type1Container.UNMAP_FLAG_ALL, 0));
        assertThat(c.unmap(0, 0, Type1Container.UNMAP_FLAG_ALL, 0).unmapped()).isEqualTo(2 * M1);
        assertThat(c.mappings()).isEmpty();
    }

    @Test
    void unmapFlagChecks() {
        c.map(0, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        int get = Type1Container.UNMAP_FLAG_GET_DIRTY_BITMAP;
        assertErrno(Errno.EINVAL, () -> c.unmap(0, M1, 1 << 3, K4));
        assertErrno(Errno.EINVAL, () -> c.unmap(0, 0, get | Type1Container.UNMAP_FLAG_ALL, K4));
        assertErrno(Errno.EINVAL, () -> c.unmap(0, M1, get | Type1Container.UNMAP_FLAG_VADDR, K4));
        assertErrno(Errno.EINVAL, () -> c.unmap(0, M1, get, 2 * K4));  // not the smallest IOMMU page size
        assertErrno(Errno.EINVAL, () -> c.unmap(0, 2048, get, K4));    // verify_bitmap_size: 0 pages
        assertThat(c.mappings()).hasSize(1);
    }

    @Test
    void unmapWithBitmapNeedsTrackingStarted() {
        c.map(0, M1);
        assertErrno(Errno.EINVAL, () -> c.unmap(0, M1, true));
    }

    @Test
    void vaddrInvalidationWithEmulatedGroupIsEbusy() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(0, M1);
        assertErrno(Errno.EBUSY, () -> c.unmap(0, M1, Type1Container.UNMAP_FLAG_VADDR, 0));
    }

    @Test
    void unmapWithBitmapReturnsTheUnmappedRangesDirtyPages() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(0, M1);
        c.map(M1, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.pinPages("mdev", 3 * K4, 2);
        c.dmaRw("mdev", M1 + 10 * K4 + 100, 10, true);
        Type1Container.UnmapResult r = c.unmap(0, 2 * M1, true);
        assertThat(r.unmapped()).isEqualTo(2 * M1);
        IovaBitmap b = r.bitmap();
        assertThat(b.iova()).isZero();
        assertThat(b.pageSize()).isEqualTo(K4);
        assertThat(b.cardinality()).isEqualTo(3);
        assertThat(b.get(3)).isTrue();
        assertThat(b.get(4)).isTrue();
        assertThat(b.get(256 + 10)).isTrue();
        assertThat(c.pinnedPageCount()).isZero(); // the unmap notifier made the vendor driver unpin
    }

    // ------------------------------------------------------------------ DIRTY_PAGES flags

    @Test
    void exactlyOneFlag() {
        assertErrno(Errno.EINVAL, () -> c.dirtyPages(0));
        assertErrno(Errno.EINVAL, () -> c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START
                | Type1Container.DIRTY_PAGES_FLAG_STOP));
        assertErrno(Errno.EINVAL, () -> c.dirtyPages(1 << 3));
        assertErrno(Errno.EINVAL, () -> c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_GET_BITMAP));
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START); // idempotent
        assertThat(c.isDirtyTracking()).isTrue();
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
        assertThat(c.isDirtyTracking()).isFalse();
    }

    @Test
    void getBitmapErrnos() {
        c.map(0, M1);
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0, M1, K4)); // not started
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0, M1, 2 * K4)); // not the smallest page size
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0, M1, 2048));
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0x800, M1, K4));
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0, M1 + 2048, K4));
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(0, 0, K4));
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(-K4, 2 * K4, K4)); // wraps
        assertErrno(Errno.EINVAL, () -> c.getDirtyBitmap(K4, M1 - K4, K4)); // bisects the mapping
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isZero();
    }

    @Test
    void largerIommuPageSizeIsTheOnlyAcceptedBitmapPageSize() {
        Type1Container big = new Type1Container(64 * K4, null);
        big.map(0, M1);
        big.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertErrno(Errno.EINVAL, () -> big.getDirtyBitmap(0, M1, K4));
        assertThat(big.getDirtyBitmap(0, M1, 64 * K4).nbits()).isEqualTo(4);
    }

    // ------------------------------------------------------------------ scope

    @Test
    void passthroughGroupMakesEveryMappedPageDirtyOnEveryGet() {
        c.attachGroup("gpu", GroupType.IOMMU);
        assertThat(c.numNonPinnedGroups()).isEqualTo(1);
        c.map(0, M1);
        c.map(4 * M1, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        IovaBitmap first = c.getDirtyBitmap(0, 8 * M1, K4);
        assertThat(first.cardinality()).isEqualTo(512);
        assertThat(first.get(0)).isTrue();
        assertThat(first.get(256)).isFalse(); // the hole between mappings is not mapped
        IovaBitmap second = c.getDirtyBitmap(0, 8 * M1, K4);
        assertThat(second.cardinality()).isEqualTo(512);
        assertThat(log.ofType(Type1Events.BitmapRead.class)).allMatch(Type1Events.BitmapRead::allDirty);
    }

    @Test
    void pinnedOnlyScopeReportsPinnedAndWrittenPages() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        assertThat(c.numNonPinnedGroups()).isZero();
        c.map(0, M1);
        c.pinPages("mdev", 5 * K4, 1); // pinned before START: START populates it
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.pinPages("mdev", 7 * K4, 1);
        c.dmaRw("mdev", 20 * K4 + 4000, 200, true); // straddles pages 20 and 21
        c.dmaRw("mdev", 40 * K4, 100, false);       // a read marks nothing
        IovaBitmap first = c.getDirtyBitmap(0, M1, K4);
        assertThat(first.cardinality()).isEqualTo(4);
        assertThat(first.get(5) && first.get(7) && first.get(20) && first.get(21)).isTrue();
        // second GET: pinned pages again, the rw-dirtied pages are gone
        IovaBitmap second = c.getDirtyBitmap(0, M1, K4);
        assertThat(second.cardinality()).isEqualTo(2);
        c.unpinPages(5 * K4, 1);
        // the bit re-populated at the last GET is still there: one more report after the unpin
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(2);
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(1);
    }

    @Test
    void passthroughGroupThatPinsPagesIsPromotedToPinnedScope() {
        c.attachGroup("gpu", GroupType.IOMMU);
        c.map(0, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.pinPages("gpu", 0, 1);
        assertThat(c.isPinnedPageDirtyScope("gpu")).isTrue();
        assertThat(c.numNonPinnedGroups()).isZero();
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(1);
        assertThat(log.ofType(Type1Events.GroupPromoted.class)).hasSize(1);
    }

    @Test
    void anyNonPinnedGroupWinsOverPinnedOnes() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.attachGroup("nic", GroupType.IOMMU);
        c.map(0, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.pinPages("mdev", 0, 1);
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(256);
    }

    @Test
    void detachingTheLastPassthroughGroupMarksAllDirtyOnceThenScopeIsPinned() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.attachGroup("nic", GroupType.IOMMU);
        c.map(0, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.getDirtyBitmap(0, M1, K4);
        c.detachGroup("nic");
        assertThat(c.numNonPinnedGroups()).isZero();
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(256); // populate_bitmap_full
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isZero();
    }

    @Test
    void mappingsWithoutAnIommuDomainAreNotAllDirty() {
        // mapped while only an emulated group is present: not IOMMU-mapped
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(0, M1);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isZero();
        // a passthrough group replays the mapping into its domain: now all dirty
        c.attachGroup("nic", GroupType.IOMMU);
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(256);
    }

    // ------------------------------------------------------------------ pinning

    @Test
    void pinErrnos() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(0, 4 * K4);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertErrno(Errno.EINVAL, () -> c.pinPages("mdev", 0, 0));
        assertErrno(Errno.E2BIG, () -> c.pinPages("mdev", 0, 513));
        assertErrno(Errno.EINVAL, () -> c.pinPages("other", 0, 1));
        // pages 2..5: 4 and 5 are unmapped -> EINVAL, pins of 2 and 3 undone, their dirty bits stay
        assertErrno(Errno.EINVAL, () -> c.pinPages("mdev", 2 * K4, 4));
        assertThat(c.pinnedPageCount()).isZero();
        assertThat(c.getDirtyBitmap(0, 4 * K4, K4).toHex()).isEqualTo("0c");
    }

    @Test
    void dmaRwAcrossAHoleMarksTheDoneChunkThenFails() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.map(0, 2 * K4);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        assertErrno(Errno.EINVAL, () -> c.dmaRw("mdev", K4, 2 * K4, true));
        assertThat(c.getDirtyBitmap(0, 2 * K4, K4).toHex()).isEqualTo("02");
    }

    @Test
    void mapWhileTrackingGetsABitmap() {
        c.attachGroup("mdev", GroupType.EMULATED_IOMMU);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.map(0, M1);
        c.dmaRw("mdev", 0, 1, true);
        assertThat(c.getDirtyBitmap(0, M1, K4).cardinality()).isEqualTo(1);
    }

    @Test
    void duplicateAttachIsEinval() {
        c.attachGroup("g", GroupType.IOMMU);
        assertErrno(Errno.EINVAL, () -> c.attachGroup("g", GroupType.IOMMU));
    }
}

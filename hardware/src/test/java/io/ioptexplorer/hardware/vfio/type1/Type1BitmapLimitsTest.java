package io.ioptexplorer.hardware.vfio.type1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.vfio.logging.IovaRange;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The dirty-bitmap size limits of drivers/vfio/vfio_iommu_type1.c at their edges. A type1 mapping is only a
 * {@code vfio_dma} record (nothing is pinned or touched by MAP_DMA here), so an 8 TiB mapping costs nothing; only a
 * bitmap read of that range would, and these tests never ask for one:
 * <ul>
 *   <li>{@code vfio_dma_bitmap_alloc}: {@code npages > DIRTY_BITMAP_PAGES_MAX} (INT_MAX) is EINVAL, so a mapping of
 *       exactly INT_MAX 4 KiB pages (8 TiB - 4 KiB) gets a bitmap and one of 2^31 pages does not;</li>
 *   <li>{@code verify_bitmap_size}: {@code bitmap_size > DIRTY_BITMAP_SIZE_MAX} (2^28 bytes) is EINVAL, where the
 *       size is {@code DIRTY_BITMAP_BYTES(npages)}, whole u64 words: 2^31 pages need exactly 2^28 bytes and pass,
 *       2^31 + 1 pages need one word more and fail. The GET_BITMAP checks run in the kernel's order
 *       ({@code vfio_iommu_type1_dirty_pages}: the size before the tracking state), so a range whose size passes
 *       fails later, for tracking not started.</li>
 * </ul>
 */
class Type1BitmapLimitsTest {
    private static final long K4 = 4096;
    private static final long INT_MAX_PAGES = Integer.MAX_VALUE * K4; // 8 TiB - 4 KiB
    private static final long T16 = 1L << 44;

    private final Type1Container c = new Type1Container(new EventLog());

    private static void assertEinval(String why, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ErrnoException.class).hasMessageContaining(why)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void whileTrackingAMappingOfIntMaxPagesIsAcceptedAndOneOfTwoToThe31PagesIsEinval() {
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.map(0, INT_MAX_PAGES);
        assertEinval("exceeds INT_MAX", () -> c.map(T16, INT_MAX_PAGES + K4));
        assertThat(c.mappings()).containsExactly(new IovaRange(0, INT_MAX_PAGES));
    }

    @Test
    void startingTrackingWithAnIntMaxPageMappingWorksAndWithALargerOneIsEinvalAndLeavesTrackingOff() {
        c.map(0, INT_MAX_PAGES);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
        c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
        c.map(T16, INT_MAX_PAGES + K4);
        assertEinval("exceeds INT_MAX", () -> c.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START));
        // vfio_dma_bitmap_alloc_all failed: tracking stays off, so a bitmap read is refused for that reason
        assertEinval("not started", () -> c.getDirtyBitmap(0, K4, K4));
    }

    @Test
    void aBitmapOfExactlyDirtyBitmapSizeMaxPassesTheSizeCheckAndOneWordMoreDoesNot() {
        long twoTo31Pages = 1L << 43; // 2^31 pages of 4 KiB: DIRTY_BITMAP_BYTES = 2^28 = DIRTY_BITMAP_SIZE_MAX
        assertThat(Type1Container.dirtyBitmapBytes(twoTo31Pages / K4)).isEqualTo(Type1Container.DIRTY_BITMAP_SIZE_MAX);
        assertEinval("not started", () -> c.getDirtyBitmap(0, twoTo31Pages, K4));
        assertEinval("too large", () -> c.getDirtyBitmap(0, twoTo31Pages + K4, K4));
        int get = Type1Container.UNMAP_FLAG_GET_DIRTY_BITMAP;
        assertEinval("not started", () -> c.unmap(0, twoTo31Pages, get, K4));
        assertEinval("too large", () -> c.unmap(0, twoTo31Pages + K4, get, K4));
    }
}

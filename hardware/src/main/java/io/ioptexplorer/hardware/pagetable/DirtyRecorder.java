package io.ioptexplorer.hardware.pagetable;

/**
 * Receives each dirty leaf found by {@link IoPageTable#readAndClearDirty}, as the kernel's
 * {@code iommu_dirty_bitmap_record(dirty, iova, len)}: once per leaf, with the whole leaf's length.
 */
@FunctionalInterface
public interface DirtyRecorder {
    /**
     * No bitmap: the kernel's {@code iommu_dirty_bitmap_init(&dirty, NULL, &gather)}, as {@code iopt_clear_dirty_data()}
     * (drivers/iommu/iommufd/io_pagetable.c) passes when enabling tracking wipes the Dirty bits left from before.
     */
    DirtyRecorder NONE = new DirtyRecorder() {
        @Override
        public void record(long iova, long length) {
        }

        @Override
        public boolean fillsBitmap() {
            return false;
        }
    };

    void record(long iova, long length);

    /** Whether the leaves go into a user's bitmap (false for {@link #NONE}: the read only cleans). */
    default boolean fillsBitmap() {
        return true;
    }
}

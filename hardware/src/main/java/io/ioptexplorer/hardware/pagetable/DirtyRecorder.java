package io.ioptexplorer.hardware.pagetable;

/**
 * Receives each dirty leaf found by {@link IoPageTable#readAndClearDirty}, as the kernel's
 * {@code iommu_dirty_bitmap_record(dirty, iova, len)}: once per leaf, with the whole leaf's length.
 */
@FunctionalInterface
public interface DirtyRecorder {
    DirtyRecorder NONE = (iova, length) -> { };

    void record(long iova, long length);
}

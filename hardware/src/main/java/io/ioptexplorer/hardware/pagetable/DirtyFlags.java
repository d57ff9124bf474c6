package io.ioptexplorer.hardware.pagetable;

/** Flags of {@link IoPageTable#readAndClearDirty}; the kernel's {@code IOMMU_DIRTY_NO_CLEAR} (include/linux/iommu.h). */
public final class DirtyFlags {
    /** Report dirty leaves but leave them dirty (no clean, nothing gathered for invalidation). */
    public static final int NO_CLEAR = 1;

    private DirtyFlags() {
    }
}

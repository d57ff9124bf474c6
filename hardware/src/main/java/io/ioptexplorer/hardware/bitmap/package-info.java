/**
 * Dirty bitmaps as the kernel writes them to userspace ({@link io.ioptexplorer.hardware.bitmap.IovaBitmap}, after
 * {@code drivers/iommu/iommufd/iova_bitmap.c}), the unsigned-arithmetic helpers the range checks need
 * ({@link io.ioptexplorer.hardware.bitmap.IovaMath}), and a compact page-frame set the VMM uses to union trackers
 * ({@link io.ioptexplorer.hardware.bitmap.DirtySet}).
 */
package io.ioptexplorer.hardware.bitmap;

/**
 * The legacy VFIO type1 container's dirty-page interface ({@code VFIO_IOMMU_DIRTY_PAGES},
 * {@code VFIO_IOMMU_UNMAP_DMA} with {@code GET_DIRTY_BITMAP}), after {@code drivers/vfio/vfio_iommu_type1.c}.
 */
package io.ioptexplorer.hardware.vfio.type1;

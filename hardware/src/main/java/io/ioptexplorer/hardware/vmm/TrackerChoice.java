package io.ioptexplorer.hardware.vmm;

/**
 * What the user asks for a device's DMA dirty tracking. {@link #AUTO} is QEMU's rule (reference §6, hw/vfio/
 * listener.c {@code log_global_start}): device DMA logging when every device supports it, else IOMMU (HWPT) dirty
 * tracking, else nothing, in which case every mapped page counts dirty at each sync.
 */
public enum TrackerChoice {
    AUTO, IOMMU, DEVICE, NONE
}

package io.ioptexplorer.hardware.iommufd.events;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * IOMMU_HWPT_GET_DIRTY_BITMAP on a HWPT whose dirty tracking is off: the driver's {@code read_and_clear_dirty}
 * refused the read with {@code driverErrno}, but upstream {@code iommu_read_and_clear_dirty()}
 * (drivers/iommu/iommufd/io_pagetable.c) drops that return value ({@code int ret = 0; iova_bitmap_for_each(...);
 * return ret;}), so the ioctl succeeds with no bits set.
 *
 * @param text one sentence for the event list
 */
public record DirtyReadSwallowed(int hwptId, long iova, long length, String driverErrno, String text)
        implements SimEvent {
}

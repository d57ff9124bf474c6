package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import java.util.List;

/**
 * A variant driver's {@code struct vfio_log_ops} ({@code include/linux/vfio.h}): what {@link DmaLogging} calls after
 * the VFIO core has validated a request. Failures are thrown as
 * {@link io.ioptexplorer.hardware.errno.ErrnoException}.
 */
public interface DmaLoggingOps {

    /**
     * {@code log_start(vdev, ranges, nnodes, &page_size)}.
     *
     * @param sortedRanges the validated ranges in ascending order (the kernel passes an interval tree)
     * @param pageSize the user's page size, a hint
     * @return the page size the driver chose, written back to userspace
     */
    long logStart(List<IovaRange> sortedRanges, long pageSize);

    /** {@code log_stop(vdev)}. */
    void logStop();

    /**
     * {@code log_read_and_clear(vdev, iova, length, iter)}: sets the bits of every dirty page in the window
     * {@code [iova, iova + length)} and clears them in the device log. Called once per iova_bitmap window.
     */
    void logReadAndClear(long iova, long length, IovaBitmap dirty);
}

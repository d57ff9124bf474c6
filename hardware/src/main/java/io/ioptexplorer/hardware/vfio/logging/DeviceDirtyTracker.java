package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.List;

/**
 * The device side of DMA logging: the device model calls {@link #onDmaWrite} for every DMA write it performs, and the
 * tracker keeps the device's internal log at its own granularity. {@link #logReadAndClear} re-expresses that log at
 * whatever page size the REPORT asked for: each internal dirty unit is recorded with
 * {@code iova_bitmap_set(unit_start, unit_size)}, so a bit is set when any internal dirty unit overlaps its page
 * (internal unit smaller than the requested page: units OR together; larger: the unit is replicated over several
 * bits). This is what both mlx5 ({@code set_report_output}) and pds ({@code pds_vfio_dirty_process_bitmaps}) do.
 */
public interface DeviceDirtyTracker extends DmaLoggingOps {

    /** A DMA write of {@code length} bytes at {@code iova} performed by the device. */
    void onDmaWrite(long iova, long length);

    /** Whether logging is active (between a successful START and STOP). */
    boolean isLogging();

    /** The ranges actually programmed into the device (after combining); empty when not logging. */
    List<IovaRange> trackedRanges();

    /** The device's internal dirty granularity in bytes; 0 when not logging. */
    long trackedPageSize();

    /** Number of DMA writes, while logging, that touched at least one byte outside every tracked range. */
    long untrackedWrites();

    /** Bytes written, while logging, outside every tracked range: dirtying the VMM will never learn about. */
    long untrackedBytes();

    /** Number of internal dirty units currently logged and not yet reported. */
    long pendingDirtyUnits();

    /** A tracker in the same state (its log and ranges copied), publishing to the copy's sink. */
    DeviceDirtyTracker copy(CopyContext ctx);
}

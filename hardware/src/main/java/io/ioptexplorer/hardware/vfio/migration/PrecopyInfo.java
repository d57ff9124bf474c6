package io.ioptexplorer.hardware.vfio.migration;

/**
 * What {@code VFIO_MIG_GET_PRECOPY_INFO} returns on the saving data_fd ({@code struct vfio_precopy_info},
 * {@code include/uapi/linux/vfio.h}): the initial data still to be read, and the estimated data that changed relative
 * to what was already read.
 */
public record PrecopyInfo(long initialBytes, long dirtyBytes) {
}

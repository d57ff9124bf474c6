/**
 * VFIO device DMA logging: the core checks of {@code VFIO_DEVICE_FEATURE_DMA_LOGGING_START/STOP/REPORT}
 * ({@code drivers/vfio/vfio_main.c}) in {@link io.ioptexplorer.hardware.vfio.logging.DmaLogging}, range combining
 * ({@code vfio_combine_iova_ranges}), two device trackers after the mlx5 and pds variant drivers, and QEMU's
 * reduction of the guest address space to at most three ranges.
 *
 * <p>Typical use: {@code QemuDeviceRanges.compute(sections).ranges()} → {@code DmaLogging.start(hostPageSize,
 * ranges)}; the device model calls {@code DeviceDirtyTracker.onDmaWrite}; each migration sync calls
 * {@code DmaLogging.report} and ORs the bitmap into a {@code DirtySet}.
 */
package io.ioptexplorer.hardware.vfio.logging;

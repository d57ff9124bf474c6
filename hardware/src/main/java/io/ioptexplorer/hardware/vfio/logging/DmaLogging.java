package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The VFIO core side of device DMA logging for one device: {@code VFIO_DEVICE_FEATURE} with
 * {@code DMA_LOGGING_START} (6), {@code DMA_LOGGING_STOP} (7) and {@code DMA_LOGGING_REPORT} (8), modelled on
 * {@code vfio_ioctl_device_feature_logging_start/stop/report} in {@code drivers/vfio/vfio_main.c}. It validates
 * exactly what the core validates, in the same order, then calls the driver's {@link DmaLoggingOps}.
 *
 * <p>Not modelled: the {@code VFIO_DEVICE_FEATURE} envelope ({@code argsz}, GET/SET/PROBE flags, EFAULT on bad user
 * pointers), and the PAGE_SIZE of the host (fixed at 4 KiB, so {@link #LOG_MAX_RANGES} is 256).
 *
 * <p>Which state errors come from the drivers, not the core: a second START before STOP is EINVAL in both mlx5
 * ({@code mlx5vf_start_page_tracker}: {@code log_active}) and pds ({@code pds_vfio_dirty_enable}:
 * {@code is_enabled}); pds returns EEXIST only when its firmware says tracking is already enabled although the
 * driver thinks it is off. REPORT while not started is EINVAL in both drivers. STOP while not started succeeds.
 */
public final class DmaLogging {

    /** {@code LOG_MAX_RANGES = PAGE_SIZE / sizeof(struct vfio_device_feature_dma_logging_range)} on 4 KiB pages. */
    public static final int LOG_MAX_RANGES = 4096 / 16;

    /** REPORT refuses page sizes below {@code SZ_4K}. */
    public static final long MIN_REPORT_PAGE_SIZE = 4096;

    private final String device;
    private final DmaLoggingOps ops;
    private final EventSink events;

    /**
     * @param device name used in events
     * @param ops the variant driver's log ops, or null for a device without DMA logging (every call is ENOTTY)
     * @param events where to publish events
     */
    public DmaLogging(String device, DmaLoggingOps ops, EventSink events) {
        this.device = Objects.requireNonNull(device);
        this.ops = ops;
        this.events = events == null ? EventSink.NONE : events;
    }

    /** The same interface on the copy of its tracker (a device without DMA logging stays without). */
    public DmaLogging copy(CopyContext ctx) {
        return ctx.copy(this, c -> {
            DmaLoggingOps o = ops;
            if (o != null && !(o instanceof DeviceDirtyTracker)) {
                throw new IllegalStateException("log ops that cannot be copied: " + o.getClass().getName());
            }
            return new DmaLogging(device, o == null ? null : ((DeviceDirtyTracker) o).copy(c), c.sink(events));
        });
    }

    public String device() {
        return device;
    }

    /** Whether the device has log ops at all (what FEATURE_PROBE of DMA_LOGGING_START would say). */
    public boolean supported() {
        return ops != null;
    }

    /**
     * DMA_LOGGING_START.
     *
     * @param pageSize the {@code control.page_size} hint
     * @param ranges {@code control.ranges}, in user order
     * @return the page size written back to {@code control.page_size}
     * @throws ErrnoException ENOTTY no log ops; EINVAL {@code num_ranges == 0}; E2BIG more than
     *         {@link #LOG_MAX_RANGES}; then per range in user order: EINVAL iova or length not aligned to page_size
     *         ({@code IS_ALIGNED}), EOVERFLOW {@code iova + length} overflows, EINVAL overlapping an earlier range;
     *         then whatever the driver returns
     */
    public long start(long pageSize, List<IovaRange> ranges) {
        try {
            if (ops == null) {
                throw new ErrnoException(Errno.ENOTTY, "device has no DMA logging ops");
            }
            int nnodes = ranges.size();
            if (nnodes == 0) {
                throw new ErrnoException(Errno.EINVAL, "num_ranges is 0");
            }
            if (nnodes > LOG_MAX_RANGES) {
                throw new ErrnoException(Errno.E2BIG, "num_ranges " + nnodes + " > LOG_MAX_RANGES " + LOG_MAX_RANGES);
            }
            List<long[]> nodes = new ArrayList<>(nnodes);
            for (int i = 0; i < nnodes; i++) {
                IovaRange r = ranges.get(i);
                if (!IovaMath.isAligned(r.iova(), pageSize) || !IovaMath.isAligned(r.length(), pageSize)) {
                    throw new ErrnoException(Errno.EINVAL, "range " + i + " " + r + " not aligned to page_size "
                            + pageSize);
                }
                IovaMath.checkEnd(r.iova(), r.length());
                long start = r.iova();
                long last = r.iova() + r.length() - 1;
                for (long[] n : nodes) {
                    // interval_tree_iter_first(root, start, last): node.start <= last && node.last >= start
                    if (IovaMath.leu(n[0], last) && IovaMath.leu(start, n[1])) {
                        throw new ErrnoException(Errno.EINVAL, "range " + i + " " + r + " overlaps "
                                + IovaRange.ofLast(n[0], n[1]));
                    }
                }
                nodes.add(new long[] {start, last});
            }
            List<IovaRange> sorted = new ArrayList<>(nnodes);
            nodes.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
            for (long[] n : nodes) {
                sorted.add(IovaRange.ofLast(n[0], n[1]));
            }
            long chosen = ops.logStart(List.copyOf(sorted), pageSize);
            if (events.enabled()) {
                List<IovaRange> programmed = ops instanceof DeviceDirtyTracker t ? t.trackedRanges() : sorted;
                events.emit(new DmaLoggingEvents.Started(device, pageSize, chosen, List.copyOf(ranges),
                        List.copyOf(programmed)));
            }
            return chosen;
        } catch (ErrnoException e) {
            refused("DMA_LOGGING_START", e);
            throw e;
        }
    }

    /**
     * DMA_LOGGING_STOP.
     *
     * @throws ErrnoException ENOTTY without log ops, or the driver's error
     */
    public void stop() {
        try {
            if (ops == null) {
                throw new ErrnoException(Errno.ENOTTY, "device has no DMA logging ops");
            }
            ops.logStop();
            if (events.enabled()) {
                events.emit(new DmaLoggingEvents.Stopped(device));
            }
        } catch (ErrnoException e) {
            refused("DMA_LOGGING_STOP", e);
            throw e;
        }
    }

    /** DMA_LOGGING_REPORT into a fresh zeroed bitmap, which is returned. */
    public IovaBitmap report(long iova, long length, long pageSize) {
        // Checked here before the bitmap is sized, and again by the call below: dropping this first check is an
        // equivalent mutant (issue 16), the second refuses the same requests with the same event.
        try {
            validateReport(iova, length, pageSize);
        } catch (ErrnoException e) {
            refused("DMA_LOGGING_REPORT", e);
            throw e;
        }
        IovaBitmap bitmap = new IovaBitmap(iova, length, pageSize);
        report(iova, length, pageSize, bitmap, 0);
        return bitmap;
    }

    /** DMA_LOGGING_REPORT into {@code bitmap}, a page-aligned user buffer. */
    public void report(long iova, long length, long pageSize, IovaBitmap bitmap) {
        report(iova, length, pageSize, bitmap, 0);
    }

    /**
     * DMA_LOGGING_REPORT: read and clear the device log for {@code [iova, iova + length)} into {@code bitmap}. The
     * core walks the bitmap in iova_bitmap windows and calls the driver once per window; the first error stops the
     * walk (bits already set stay set, and userspace must then treat everything as dirty).
     *
     * @param bitmap must describe exactly (iova, length, pageSize)
     * @param userOffsetInPage offset of the user buffer inside its first page (changes the window boundaries)
     * @throws ErrnoException ENOTTY no log ops; EINVAL page_size below 4 KiB or not a power of two; EOVERFLOW
     *         {@code iova + length} overflows; EINVAL length 0 (see {@link #validateReport}); the driver's error
     */
    public void report(long iova, long length, long pageSize, IovaBitmap bitmap, long userOffsetInPage) {
        try {
            validateReport(iova, length, pageSize);
            if (bitmap.iova() != iova || bitmap.length() != length || bitmap.pageSize() != pageSize) {
                throw new IllegalArgumentException("bitmap " + bitmap + " does not describe the report range");
            }
            long before = bitmap.cardinality();
            bitmap.forEachWindow(userOffsetInPage, (wIova, wLen) -> ops.logReadAndClear(wIova, wLen, bitmap));
            if (events.enabled()) {
                events.emit(new DmaLoggingEvents.Reported(device, iova, length, pageSize,
                        bitmap.cardinality() - before));
            }
        } catch (ErrnoException e) {
            refused("DMA_LOGGING_REPORT", e);
            throw e;
        }
    }

    /**
     * The core's REPORT checks. Length 0 is refused with EINVAL here although the core itself does not test it (with
     * length 0 the kernel's iova_bitmap arithmetic wraps and the outcome depends on the driver); that errno is
     * <b>inferred</b>, not read in the kernel.
     */
    private void validateReport(long iova, long length, long pageSize) {
        if (ops == null) {
            throw new ErrnoException(Errno.ENOTTY, "device has no DMA logging ops");
        }
        if (IovaMath.ltu(pageSize, MIN_REPORT_PAGE_SIZE) || !IovaMath.isPowerOfTwo(pageSize)) {
            throw new ErrnoException(Errno.EINVAL, "page_size " + pageSize + " is below 4 KiB or not a power of two");
        }
        IovaMath.checkEnd(iova, length);
        if (length == 0) {
            throw new ErrnoException(Errno.EINVAL, "length is 0 (simulator check)");
        }
    }

    private void refused(String op, ErrnoException e) {
        if (events.enabled()) {
            events.emit(new DmaLoggingEvents.Refused(device, op, e.errno(), e.why()));
        }
    }
}

package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.List;
import java.util.Objects;

/**
 * A device dirty tracker that behaves like the mlx5 vfio-pci variant driver and its firmware PAGE_TRACK object
 * ({@code drivers/vfio/pci/mlx5/cmd.c}: {@code mlx5vf_start_page_tracker}, {@code mlx5vf_create_tracker},
 * {@code mlx5vf_tracker_read_and_clear}, {@code set_report_output}).
 *
 * <ul>
 *   <li>START: already active → EINVAL. The tracked page size is {@code 1 << ilog2(page_size)} clamped to
 *       {@code [2^pg_track_log_min_page_size, 2^pg_track_log_max_page_size]} and written back. More ranges than
 *       {@code pg_track_max_num_range} are combined with {@link VfioRanges#combine}. The log2 of the summed range
 *       lengths must lie within {@code [pg_track_log_min_addr_space, pg_track_log_max_addr_space]}, else
 *       EOPNOTSUPP (see {@link AddrSpaceFormula}).</li>
 *   <li>DMA writes mark the tracked page containing each written byte, but only inside the programmed ranges.
 *       Bytes outside every range are not logged; they are counted as untracked writes so the app can show lost
 *       coverage.</li>
 *   <li>REPORT: not active → EINVAL. Each dirty tracked page is reported with
 *       {@code iova_bitmap_set(addr, tracked_page_size)} and cleared.</li>
 *   <li>STOP: always succeeds, also when not active.</li>
 * </ul>
 * Not modelled: the RC QP transport, message sizes ({@code pg_track_log_{min,max}_msg_size}), firmware errors
 * (EIO), a detached mdev (ENOTCONN). Which tracked pages the firmware reports for a window that cuts a tracked page
 * is <b>inferred</b>: here every dirty tracked page overlapping the window is reported and cleared.
 */
public final class Mlx5StyleTracker implements DeviceDirtyTracker {

    /** How {@code mlx5vf_create_tracker} turns the ranges into {@code log_addr_space_size}. */
    public enum AddrSpaceFormula {
        /**
         * The driver as read in the recent tree: each length is {@code last - start + 1} and the check uses
         * {@code ilog2(roundup_pow_of_two(total))}.
         */
        CURRENT,
        /**
         * The driver as first merged (and as quoted on kvm@ in 2023 and in the project reference 5.3): each length is
         * {@code last - start} (one byte short) and the check uses {@code ilog2(total)}, rounding down.
         */
        ORIGINAL
    }

    /** The {@code adv_virtualization} capabilities the driver reads. */
    public record Caps(int maxNumRange, int logMinPageSize, int logMaxPageSize, int logMinAddrSpace,
            int logMaxAddrSpace) {
        public Caps {
            if (maxNumRange < 1) {
                throw new IllegalArgumentException("pg_track_max_num_range must be >= 1");
            }
            if (logMinPageSize > logMaxPageSize || logMinAddrSpace > logMaxAddrSpace) {
                throw new IllegalArgumentException("min cap above max cap");
            }
            if (logMaxPageSize > 62) {
                throw new IllegalArgumentException("log page size too large");
            }
        }
    }

    private final String name;
    private final Caps caps;
    private final AddrSpaceFormula formula;
    private final EventSink events;

    private boolean logActive;
    private List<IovaRange> tracked = List.of();
    private int logTrackedPage;
    private int lastLogAddrSpace = -1;
    private DirtySet log;
    private final UntrackedWrites untracked;

    public Mlx5StyleTracker(String name, Caps caps, AddrSpaceFormula formula, EventSink events) {
        this.name = Objects.requireNonNull(name);
        this.caps = Objects.requireNonNull(caps);
        this.formula = Objects.requireNonNull(formula);
        this.events = events == null ? EventSink.NONE : events;
        this.untracked = new UntrackedWrites(this.name, this.events);
    }

    private Mlx5StyleTracker(Mlx5StyleTracker o, CopyContext ctx) {
        this.name = o.name;
        this.caps = o.caps;
        this.formula = o.formula;
        this.events = ctx.sink(o.events);
        this.logActive = o.logActive;
        this.tracked = o.tracked; // immutable (List.copyOf)
        this.logTrackedPage = o.logTrackedPage;
        this.lastLogAddrSpace = o.lastLogAddrSpace;
        this.log = o.log == null ? null : o.log.copy(ctx);
        this.untracked = o.untracked.copy(ctx);
    }

    @Override
    public Mlx5StyleTracker copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Mlx5StyleTracker(this, c));
    }

    /** Uses {@link AddrSpaceFormula#CURRENT}. */
    public Mlx5StyleTracker(String name, Caps caps, EventSink events) {
        this(name, caps, AddrSpaceFormula.CURRENT, events);
    }

    public Caps caps() {
        return caps;
    }

    public AddrSpaceFormula formula() {
        return formula;
    }

    /** The {@code log_addr_space_size} computed by the last START that got that far, or -1. */
    public int lastLogAddrSpace() {
        return lastLogAddrSpace;
    }

    /** {@code log_addr_space_size} for these (already combined) ranges under the given formula. */
    public static int logAddrSpace(List<IovaRange> ranges, AddrSpaceFormula formula) {
        long total = 0;
        for (IovaRange r : ranges) {
            long len = r.last() - r.iova();
            // "len - 1" survives mutation as equivalent for page-aligned ranges: roundup_pow_of_two hides it
            total += formula == AddrSpaceFormula.CURRENT ? len + 1 : len;
        }
        if (total == 0) {
            return -1; // ilog2(0) / roundup_pow_of_two(0) are undefined in the kernel
        }
        if (formula == AddrSpaceFormula.CURRENT) {
            long up = IovaMath.roundupPowOfTwo(total);
            return up == 0 ? 64 : IovaMath.ilog2(up);
        }
        return IovaMath.ilog2(total);
    }

    @Override
    public long logStart(List<IovaRange> sortedRanges, long pageSize) {
        if (logActive) {
            throw new ErrnoException(Errno.EINVAL, name + ": page tracker already active");
        }
        int log = IovaMath.ilog2(pageSize);
        if (log < caps.logMinPageSize()) {
            log = caps.logMinPageSize();
        } else if (log > caps.logMaxPageSize()) {
            log = caps.logMaxPageSize();
        }
        List<IovaRange> ranges = sortedRanges;
        if (ranges.size() > caps.maxNumRange()) {
            ranges = VfioRanges.combine(ranges, caps.maxNumRange());
        }
        int logAddr = logAddrSpace(ranges, formula);
        lastLogAddrSpace = logAddr;
        if (logAddr < caps.logMinAddrSpace() || logAddr > caps.logMaxAddrSpace()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, name + ": log_addr_space_size " + logAddr
                    + " outside [" + caps.logMinAddrSpace() + ", " + caps.logMaxAddrSpace() + "]");
        }
        tracked = List.copyOf(ranges);
        logTrackedPage = log;
        this.log = new DirtySet(log);
        untracked.reset();
        logActive = true;
        return 1L << log;
    }

    @Override
    public void logStop() {
        if (!logActive) {
            return;
        }
        logActive = false;
        tracked = List.of();
        log = null;
    }

    @Override
    public void logReadAndClear(long iova, long length, IovaBitmap dirty) {
        if (!logActive) {
            throw new ErrnoException(Errno.EINVAL, name + ": page tracker not active");
        }
        if (length == 0) {
            return;
        }
        // "length + 1" in the overflow test is an equivalent mutant: it only differs for a window ending within two
        // bytes of 2^64, and both answers fall in the same tracked page.
        long last = IovaMath.addOverflows(iova, length - 1) ? -1L : iova + length - 1;
        long firstFrame = iova >>> logTrackedPage;
        long lastFrame = last >>> logTrackedPage;
        long unit = 1L << logTrackedPage;
        for (long f = log.nextFrame(firstFrame); f != -1 && IovaMath.leu(f, lastFrame); f = log.nextFrame(f + 1)) {
            dirty.set(f << logTrackedPage, unit);
            log.remove(f);
            if (f == lastFrame) {
                break;
            }
        }
    }

    @Override
    public void onDmaWrite(long iova, long length) {
        if (!logActive || length == 0) {
            return;
        }
        IovaRange w = new IovaRange(iova, length);
        long covered = 0;
        for (IovaRange r : tracked) {
            IovaRange part = r.intersect(w);
            if (part != null) {
                log.addIovaRange(part.iova(), part.length());
                covered += part.length();
            }
        }
        untracked.record(iova, length, length - covered);
    }

    @Override
    public boolean isLogging() {
        return logActive;
    }

    @Override
    public List<IovaRange> trackedRanges() {
        return tracked;
    }

    @Override
    public long trackedPageSize() {
        return logActive ? 1L << logTrackedPage : 0;
    }

    @Override
    public long untrackedWrites() {
        return untracked.writes();
    }

    @Override
    public long untrackedBytes() {
        return untracked.bytes();
    }

    @Override
    public long pendingDirtyUnits() {
        return logActive ? log.cardinality() : 0;
    }
}

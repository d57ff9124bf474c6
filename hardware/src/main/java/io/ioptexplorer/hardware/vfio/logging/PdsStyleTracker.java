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
 * A device dirty tracker that behaves like the AMD/Pensando pds vfio-pci variant driver
 * ({@code drivers/vfio/pci/pds/dirty.c}: {@code pds_vfio_dirty_enable}, {@code pds_vfio_dirty_sync},
 * {@code pds_vfio_dirty_process_bitmaps}, {@code pds_vfio_dirty_disable}) and its device.
 *
 * <p>START, in the driver's order: driver already enabled → EINVAL; the device's dirty-status says regions are
 * already enabled → EEXIST ("Dirty tracking already enabled"); device {@code max_regions == 0} → EOPNOTSUPP. Then
 * the ranges are combined to the number of regions: {@link Mode#SINGLE_REGION} (the first upstream version) forces
 * one region, gaps included; {@link Mode#MULTI_REGION} uses up to {@code max_regions}. Per region
 * {@code page_count = DIV_ROUND_UP(size, page_size)}, truncated to the device's u32 field; the device may lower it.
 * The host allocates two bitmaps of {@code page_count / 8} bytes (rounded down), {@code seq} and {@code ack}. The
 * page size is used as given and written back unchanged.
 *
 * <p>REPORT ({@code pds_vfio_dirty_sync}): not enabled → EINVAL; the window must start in a region, fit in it and
 * give matching u64-rounded bitmap sizes, else EINVAL. The host reads the device's {@code seq} bitmap, computes
 * {@code dirty = seq XOR ack} word by word, records each dirty page with {@code iova_bitmap_set(addr, page_size)},
 * sets {@code ack := seq} and writes {@code ack} back to the device. Whole u64 words are processed, so dirty pages
 * that share a word with the window but lie outside it are acknowledged too (and set in the user bitmap only if the
 * bitmap covers them).
 *
 * <p><b>Inferred, not read in the driver:</b> what the device does on a DMA write. The XOR protocol only works if a
 * write makes the page's {@code seq} bit differ from its {@code ack} bit, so the model sets
 * {@code seq[p] = !ack[p]}. Also inferred: that a zero-byte bitmap allocation fails with ENOMEM ({@code vzalloc(0)}
 * returns NULL), the device keeping its regions after {@link #disableWithoutCommand()}, and the bounds guard in
 * REPORT (the driver would read past its host bitmap).
 *
 * <p>{@link Mode#MULTI_REGION} follows the v2 patch "vfio/pds: Add multi-region support" (merged as 2e7c6feb4ef52
 * per the project reference); the merged form is <b>unverified</b>.
 */
public final class PdsStyleTracker implements DeviceDirtyTracker {

    /** Which driver version to model. */
    public enum Mode {
        /** First upstream version: always one region covering every range and the gaps between them. */
        SINGLE_REGION,
        /** Multi-region support: up to {@code max_regions} regions (details unverified). */
        MULTI_REGION
    }

    private static final class Region {
        long start;
        long size;
        long pageSize;
        long pageCount;
        int bmpBytes;
        int devBmpOffsetByte;
        byte[] hostSeq;
        byte[] hostAck;
        byte[] devSeq;
        byte[] devAck;
        int devPageShift;

        Region copy(CopyContext ctx) {
            Region r = new Region();
            r.start = start;
            r.size = size;
            r.pageSize = pageSize;
            r.pageCount = pageCount;
            r.bmpBytes = bmpBytes;
            r.devBmpOffsetByte = devBmpOffsetByte;
            r.hostSeq = ctx.copy(hostSeq);
            r.hostAck = ctx.copy(hostAck);
            r.devSeq = ctx.copy(devSeq);
            r.devAck = ctx.copy(devAck);
            r.devPageShift = devPageShift;
            return r;
        }

        long deviceLast() {
            return start + (pageCount << devPageShift) - 1;
        }
    }

    private final String name;
    private final int maxRegions;
    private final Mode mode;
    private final long devicePageCountLimit;
    private final EventSink events;

    private boolean driverEnabled;
    private boolean deviceEnabled;
    private List<Region> regions = List.of();
    private final UntrackedWrites untracked;

    /**
     * @param maxRegions what the device's dirty-status command reports as {@code max_regions} (u8)
     * @param mode driver version
     * @param devicePageCountLimit if non-zero, the device lowers any region's {@code page_count} above this
     */
    public PdsStyleTracker(String name, int maxRegions, Mode mode, long devicePageCountLimit, EventSink events) {
        if (maxRegions < 0 || maxRegions > 255) {
            throw new IllegalArgumentException("max_regions is a u8");
        }
        this.name = Objects.requireNonNull(name);
        this.maxRegions = maxRegions;
        this.mode = Objects.requireNonNull(mode);
        this.devicePageCountLimit = devicePageCountLimit;
        this.events = events == null ? EventSink.NONE : events;
        this.untracked = new UntrackedWrites(this.name, this.events);
    }

    private PdsStyleTracker(PdsStyleTracker o, CopyContext ctx) {
        this.name = o.name;
        this.maxRegions = o.maxRegions;
        this.mode = o.mode;
        this.devicePageCountLimit = o.devicePageCountLimit;
        this.events = ctx.sink(o.events);
        this.driverEnabled = o.driverEnabled;
        this.deviceEnabled = o.deviceEnabled;
        List<Region> rs = new ArrayList<>();
        for (Region r : o.regions) {
            rs.add(r.copy(ctx));
        }
        this.regions = o.regions.isEmpty() ? List.of() : rs;
        this.untracked = o.untracked.copy(ctx);
    }

    @Override
    public PdsStyleTracker copy(CopyContext ctx) {
        return ctx.copy(this, c -> new PdsStyleTracker(this, c));
    }

    /** The first upstream behaviour: one region, no device page-count limit. */
    public PdsStyleTracker(String name, int maxRegions, EventSink events) {
        this(name, maxRegions, Mode.SINGLE_REGION, 0, events);
    }

    public Mode mode() {
        return mode;
    }

    /** Whether the device itself reports enabled regions (its dirty-status {@code num_regions != 0}). */
    public boolean deviceEnabled() {
        return deviceEnabled;
    }

    /** Region page counts as the host uses them (after any device adjustment). */
    public List<Long> pageCounts() {
        List<Long> out = new ArrayList<>();
        for (Region r : regions) {
            out.add(r.pageCount);
        }
        return out;
    }

    @Override
    public long logStart(List<IovaRange> sortedRanges, long pageSize) {
        if (driverEnabled) {
            throw new ErrnoException(Errno.EINVAL, name + ": dirty tracking already enabled in the driver");
        }
        if (deviceEnabled) {
            throw new ErrnoException(Errno.EEXIST, name + ": Dirty tracking already enabled for "
                    + regions.size() + " regions (device)");
        }
        if (maxRegions == 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP, name + ": device doesn't support dirty tracking, max_regions 0");
        }
        if (pageSize == 0) {
            throw new ErrnoException(Errno.EINVAL, name + ": page_size 0 (the driver would divide by zero)");
        }
        int want = mode == Mode.SINGLE_REGION ? 1 : maxRegions;
        List<IovaRange> ranges = sortedRanges;
        if (ranges.size() > want) {
            ranges = VfioRanges.combine(ranges, want);
        }
        if (ranges.isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, name + ": no ranges");
        }
        List<Region> built = new ArrayList<>();
        for (IovaRange rg : ranges) {
            Region r = new Region();
            r.start = rg.iova();
            r.size = rg.last() - rg.iova() + 1;
            r.pageSize = pageSize;
            r.devPageShift = IovaMath.ilog2(pageSize);
            r.pageCount = IovaMath.divRoundUp(r.size, pageSize) & 0xffff_ffffL; // le32 page_count
            built.add(r);
        }
        // enable command: the device takes the regions and may shrink page_count
        deviceEnabled = true;
        regions = built;
        int devOffset = 0;
        for (Region r : built) {
            if (devicePageCountLimit != 0 && r.pageCount > devicePageCountLimit) {
                r.pageCount = devicePageCountLimit;
            }
            long devBytes = IovaMath.divRoundUp(r.pageCount, 8);
            if (devBytes > Integer.MAX_VALUE - 16) {
                throw new ErrnoException(Errno.ENOMEM, name + ": region too large to simulate");
            }
            r.devSeq = new byte[(int) devBytes];
            r.devAck = new byte[(int) devBytes];
        }
        for (Region r : built) {
            long bytes = r.pageCount / 8;
            if (mode == Mode.MULTI_REGION) {
                r.size = r.pageCount * r.pageSize;
            }
            if (bytes == 0) {
                failAfterEnable(Errno.ENOMEM, name + ": failed to alloc dirty bitmaps (0 bytes)");
            }
            r.bmpBytes = (int) bytes;
            r.hostSeq = new byte[r.bmpBytes];
            r.hostAck = new byte[r.bmpBytes];
            r.devBmpOffsetByte = devOffset;
            devOffset += r.bmpBytes;
            if (mode == Mode.MULTI_REGION && devOffset % 8 != 0) {
                failAfterEnable(Errno.EINVAL, name + ": device bitmap offset is mis-aligned");
            }
        }
        untracked.reset();
        driverEnabled = true;
        return pageSize;
    }

    private void failAfterEnable(Errno errno, String why) {
        if (mode == Mode.MULTI_REGION) {
            // out_dirty_disable: the multi-region driver sends the disable command
            deviceEnabled = false;
            regions = List.of();
        }
        // the single-region driver returns without disabling: the device keeps its region and the next START
        // sees "already enabled" (EEXIST)
        throw new ErrnoException(errno, why);
    }

    @Override
    public void logStop() {
        // pds_vfio_dirty_disable(pds_vfio, true)
        if (driverEnabled) {
            driverEnabled = false;
            deviceEnabled = false;
            regions = List.of();
        }
    }

    /**
     * {@code pds_vfio_dirty_disable(pds_vfio, false)} as on reset paths: the driver forgets its state without sending
     * the disable command. The device keeps reporting its regions (<b>inferred</b>), so the next START fails with
     * EEXIST.
     */
    public void disableWithoutCommand() {
        driverEnabled = false;
    }

    /** A device reset: the device drops its regions and bitmaps (<b>inferred</b>). */
    public void deviceReset() {
        deviceEnabled = false;
        if (!driverEnabled) {
            regions = List.of();
        }
    }

    @Override
    public void onDmaWrite(long iova, long length) {
        if (!deviceEnabled || length == 0) {
            return;
        }
        IovaRange w = new IovaRange(iova, length);
        long covered = 0;
        for (Region r : regions) {
            if (r.pageCount == 0) {
                continue;
            }
            IovaRange part = IovaRange.ofLast(r.start, r.deviceLast()).intersect(w);
            if (part == null) {
                continue;
            }
            covered += part.length();
            long first = (part.iova() - r.start) >>> r.devPageShift;
            long last = (part.last() - r.start) >>> r.devPageShift;
            for (long p = first; p <= last; p++) {
                setBit(r.devSeq, p, !getBit(r.devAck, p));
            }
        }
        untracked.record(iova, length, length - covered);
    }

    @Override
    public void logReadAndClear(long iova, long length, IovaBitmap dirty) {
        if (!driverEnabled) {
            throw new ErrnoException(Errno.EINVAL, name + ": sync failed, dirty tracking is disabled");
        }
        Region region = findRegion(iova);
        if (region == null) {
            throw new ErrnoException(Errno.EINVAL, name + ": failed to find region that contains iova "
                    + IovaMath.hex(iova));
        }
        long ps = region.pageSize;
        long pages = IovaMath.divRoundUp(length, ps);
        long bitmapSize = IovaMath.divRoundUp(pages, 64) * 64 / 8;
        if (length == 0 || Long.compareUnsigned(iova - region.start + length, region.size) > 0) {
            throw new ErrnoException(Errno.EINVAL, name + ": invalid iova " + IovaMath.hex(iova) + " and/or length "
                    + IovaMath.hex(length) + " to sync");
        }
        long bmpBytes = IovaMath.divRoundUp(IovaMath.divRoundUp(Long.divideUnsigned(length, ps), 8), 8) * 8;
        if (bmpBytes != bitmapSize) {
            throw new ErrnoException(Errno.EINVAL, name + ": calculated bitmap bytes " + bmpBytes
                    + " not equal to bitmap size " + bitmapSize);
        }
        if (bmpBytes > region.bmpBytes) {
            throw new ErrnoException(Errno.EINVAL, name + ": calculated bitmap bytes " + bmpBytes
                    + " larger than region's cached bmp_bytes " + region.bmpBytes);
        }
        // The guard below and the length test above overlap: a mutant that weakens one (e.g. the single-region size
        // kept after the device lowered page_count) is caught by the other, with the same EINVAL (issue 16).
        long bmpOffset = IovaMath.divRoundUp(Long.divideUnsigned(iova - region.start, ps), 8);
        if (bmpOffset + bmpBytes > region.bmpBytes) {
            throw new ErrnoException(Errno.EINVAL, name + ": window past the host bitmap (simulator guard)");
        }
        int off = (int) bmpOffset;
        int nbytes = (int) bmpBytes;
        // read_seq: device seq -> host seq
        copy(region.devSeq, off, region.hostSeq, off, nbytes);
        // process: dirty = seq ^ ack; ack = seq
        for (int i = 0; i < nbytes / 8; i++) {
            long seq = getWord(region.hostSeq, off + i * 8);
            long ack = getWord(region.hostAck, off + i * 8);
            long xor = seq ^ ack;
            putWord(region.hostAck, off + i * 8, seq);
            while (xor != 0) {
                int bit = Long.numberOfTrailingZeros(xor);
                xor &= xor - 1;
                long absBit = (long) off * 8 + (long) i * 64 + bit;
                dirty.set(absBit * ps + region.start, ps);
            }
        }
        // write_ack: host ack -> device ack
        copy(region.hostAck, off, region.devAck, off, nbytes);
    }

    private Region findRegion(long iova) {
        if (mode == Mode.SINGLE_REGION) {
            return regions.isEmpty() ? null : regions.get(0);
        }
        for (Region r : regions) {
            if (IovaMath.leu(r.start, iova) && IovaMath.ltu(iova, r.start + r.size)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Byte copy between host and device bitmaps. Its bounds are guards only: the callers check the window against
     * the host bitmap first, and the device bitmap is never smaller, so mutating them is equivalent (issue 16).
     */
    private static void copy(byte[] src, int srcOff, byte[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            int s = srcOff + i;
            int d = dstOff + i;
            if (d >= dst.length) {
                break;
            }
            dst[d] = s < src.length ? src[s] : 0;
        }
    }

    private static long getWord(byte[] a, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (a[off + i] & 0xff) << (8 * i);
        }
        return v;
    }

    private static void putWord(byte[] a, int off, long v) {
        for (int i = 0; i < 8; i++) {
            a[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static boolean getBit(byte[] a, long bit) {
        return (a[(int) (bit >>> 3)] & (1 << (int) (bit & 7))) != 0;
    }

    private static void setBit(byte[] a, long bit, boolean value) {
        int idx = (int) (bit >>> 3);
        int mask = 1 << (int) (bit & 7);
        a[idx] = (byte) (value ? a[idx] | mask : a[idx] & ~mask);
    }

    @Override
    public boolean isLogging() {
        return driverEnabled;
    }

    @Override
    public List<IovaRange> trackedRanges() {
        List<IovaRange> out = new ArrayList<>();
        if (deviceEnabled) {
            for (Region r : regions) {
                if (r.pageCount != 0) {
                    out.add(IovaRange.ofLast(r.start, r.deviceLast()));
                }
            }
        }
        return out;
    }

    @Override
    public long trackedPageSize() {
        return driverEnabled && !regions.isEmpty() ? regions.get(0).pageSize : 0;
    }

    @Override
    public long untrackedWrites() {
        return untracked.writes();
    }

    @Override
    public long untrackedBytes() {
        return untracked.bytes();
    }

    /** Pages whose device {@code seq} bit differs from its {@code ack} bit. */
    @Override
    public long pendingDirtyUnits() {
        long n = 0;
        for (Region r : regions) {
            for (int i = 0; i < r.devSeq.length; i++) {
                n += Integer.bitCount((r.devSeq[i] ^ r.devAck[i]) & 0xff);
            }
        }
        return n;
    }
}

package io.ioptexplorer.hardware.memory;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.bitmap.WrittenFrames;
import io.ioptexplorer.hardware.sim.CopyContext;

/**
 * Guest RAM as the simulator sees it: per 4 KiB page a version counter that every write bumps, so a migration can be
 * verified page by page (the destination's version must equal the source's). Storage is sparse (chunks of pages are
 * allocated on first write) so a 64 GiB guest that touches little costs little.
 *
 * <p>Guest memory is backed by host memory at {@link #hostBase()} + guest physical address; the backing page size
 * ({@code vm.hugepages}) limits which IOMMU leaf sizes a mapping may use, because host memory is only known to be
 * physically contiguous within one backing page.
 *
 * <p>It also keeps the ground truth of which pages were written since {@link #takeTruth()} was last called, the
 * reference every tracker's report is compared against.
 */
public final class GuestMemory {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    /**
     * Pages per version chunk: one G1 region of ints (about 1 GiB of guest per chunk with a 1 GiB heap), so the
     * chunks, which live as long as the machine, go straight to the old generation (see {@link RegionSizedChunks}).
     * A static final: the JIT divides by it as by a constant.
     */
    private static final int CHUNK_PAGES = RegionSizedChunks.ints();
    /** Host physical base of guest RAM: 1 TiB, so it never collides with page-table pages or low MMIO. */
    public static final long DEFAULT_HOST_BASE = 1L << 40;

    private final long size;
    private final long backingPageSize;
    private final long hostBase;
    private final int[][] versions;
    /** Version chunks a copy of this memory may also hold: copied before this memory writes them (null: none). */
    private boolean[] sharedVersions;
    /** Bytes of shared version chunks this memory copied before writing them. */
    private long copiedOnWrite;
    private WrittenFrames truth;

    public GuestMemory(long size, long backingPageSize) {
        this(size, backingPageSize, DEFAULT_HOST_BASE);
    }

    public GuestMemory(long size, long backingPageSize, long hostBase) {
        if (size <= 0 || size % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("guest memory size must be a positive multiple of 4 KiB, not " + size);
        }
        if (Long.bitCount(backingPageSize) != 1 || backingPageSize < PAGE_SIZE) {
            throw new IllegalArgumentException("backing page size must be a power of two of at least 4 KiB, not "
                    + backingPageSize);
        }
        if (hostBase % (1L << 30) != 0) {
            throw new IllegalArgumentException("host base must be 1 GiB aligned");
        }
        this.size = size;
        this.backingPageSize = backingPageSize;
        this.hostBase = hostBase;
        long pages = size >>> PAGE_SHIFT;
        this.versions = new int[(int) ((pages + CHUNK_PAGES - 1) / CHUNK_PAGES)][];
        this.truth = new WrittenFrames(pages);
    }

    private GuestMemory(GuestMemory o, CopyContext ctx) {
        this.size = o.size;
        this.backingPageSize = o.backingPageSize;
        this.hostBase = o.hostBase;
        this.versions = o.versions.clone();
        o.sharedVersions = new boolean[versions.length];
        for (int c = 0; c < versions.length; c++) {
            o.sharedVersions[c] = versions[c] != null;
        }
        this.sharedVersions = o.sharedVersions.clone();
        ctx.count(32 + 9L * versions.length);
        ctx.share(4L * CHUNK_PAGES * java.util.Arrays.stream(versions).filter(java.util.Objects::nonNull).count());
        this.truth = o.truth.copy(ctx);
    }

    /**
     * Memory with the same page versions and ground truth, sharing every version chunk with this one copy-on-write
     * (the first write to a shared chunk, by either, copies that chunk alone): a checkpoint of a 1 TiB guest costs
     * what the run writes afterwards, not the 1 GiB of its versions.
     */
    public GuestMemory copy(CopyContext ctx) {
        return ctx.copy(this, c -> new GuestMemory(this, c));
    }

    /** Bytes of shared version chunks this memory copied before writing them, since it was made. */
    public long copiedOnWriteBytes() {
        return copiedOnWrite;
    }

    public long size() {
        return size;
    }

    public long pages() {
        return size >>> PAGE_SHIFT;
    }

    public long backingPageSize() {
        return backingPageSize;
    }

    public long hostBase() {
        return hostBase;
    }

    public long hostPhysical(long gpa) {
        checkRange(gpa, 1);
        return hostBase + gpa;
    }

    public boolean contains(long gpa, long length) {
        return gpa >= 0 && length >= 0 && gpa <= size && length <= size - gpa;
    }

    /** A write of {@code length} bytes at {@code gpa}: every 4 KiB page it touches gets a new version. */
    public void write(long gpa, long length) {
        checkRange(gpa, length);
        if (length == 0) {
            return;
        }
        long first = gpa >>> PAGE_SHIFT;
        long last = (gpa + length - 1) >>> PAGE_SHIFT;
        for (long pfn = first; pfn <= last; pfn++) {
            bump(pfn);
        }
    }

    /** The version of guest page {@code pfn}; 0 until it is first written. A 1 TiB guest has 256 M pages. */
    public int version(long pfn) {
        int[] chunk = versions[(int) (pfn / CHUNK_PAGES)];
        return chunk == null ? 0 : chunk[(int) (pfn % CHUNK_PAGES)];
    }

    /**
     * Sets a page's version: how the migration destination receives a page. Version 0 (never written) into a chunk
     * not yet allocated stays unallocated, so a destination costs memory only for the pages the guest wrote (a
     * 1 TiB guest's round 0 sends 256 M pages, most of them never written).
     */
    public void setVersion(long pfn, int version) {
        if (version == 0 && versions[(int) (pfn / CHUNK_PAGES)] == null) {
            return;
        }
        chunkFor(pfn)[(int) (pfn % CHUNK_PAGES)] = version;
    }

    /** Pages written since the previous call (the ground truth), and starts a new interval. */
    public PageBits takeTruth() {
        PageBits t = truth.freeze();
        truth = new WrittenFrames(pages());
        return t;
    }

    /**
     * Pages written since {@link #takeTruth()}, frozen, without starting a new interval. The lanes ask for it once a
     * frame while a round plays; it costs only the chunks written since the previous call (see {@link WrittenFrames}).
     */
    public PageBits truthSoFar() {
        return truth.freeze();
    }

    private void bump(long pfn) {
        int[] chunk = chunkFor(pfn);
        chunk[(int) (pfn % CHUNK_PAGES)]++;
        truth.add(pfn);
    }

    /** Pages per version chunk (for tests of the chunk boundaries). */
    static int chunkPages() {
        return CHUNK_PAGES;
    }

    private int[] chunkFor(long pfn) {
        int c = (int) (pfn / CHUNK_PAGES);
        int[] chunk = versions[c];
        if (sharedVersions != null && sharedVersions[c]) {
            chunk = chunk.clone();
            versions[c] = chunk;
            sharedVersions[c] = false;
            copiedOnWrite += 4L * chunk.length;
        }
        if (chunk == null) {
            // the last chunk holds only the guest's pages: a small guest costs its pages, not a whole region
            chunk = new int[(int) Math.min(CHUNK_PAGES, pages() - (long) c * CHUNK_PAGES)];
            versions[c] = chunk;
        }
        return chunk;
    }

    private void checkRange(long gpa, long length) {
        if (!contains(gpa, length)) {
            throw new IllegalArgumentException(String.format(
                    "guest physical range 0x%x+0x%x lies outside guest memory of 0x%x bytes", gpa, length, size));
        }
    }
}

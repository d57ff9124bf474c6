package io.ioptexplorer.hardware.kvm;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * KVM's record of pages dirtied by vCPUs (reference: dirty-tracking.md §7; {@code include/uapi/linux/kvm.h},
 * {@code virt/kvm/kvm_main.c}, {@code virt/kvm/dirty_ring.c}), in one of two modes.
 *
 * <p><b>Bitmap</b> ({@code KVM_GET_DIRTY_LOG}): one bit per 4 KiB page per memslot, the union of every vCPU's writes.
 * Classic: GET returns the bitmap and clears it (KVM re-write-protects those pages). With
 * {@code KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2}: GET only copies, and {@link #clearDirtyLog} ({@code KVM_CLEAR_DIRTY_LOG})
 * clears chosen bits of a range; {@code KVM_DIRTY_LOG_INITIALLY_SET} starts every page dirty. CLEAR's range rules
 * (first_page a multiple of 64; num_pages a multiple of 64 unless it reaches the slot's end) follow
 * {@code kvm_clear_dirty_log_protect()}.
 *
 * <p><b>Dirty ring</b> ({@code KVM_CAP_DIRTY_LOG_RING}): each vCPU has a ring of {@link KvmDirtyGfn} entries. The first
 * write to a clean page pushes one entry on the writing vCPU's ring; later writes to it, by any vCPU, push nothing
 * until the entry has been harvested and reset (KVM re-write-protects the page only then). When a push fills the ring
 * the vCPU stops (it would exit with {@code KVM_EXIT_DIRTY_RING_FULL}, name <b>unverified</b> per the reference) and
 * writes nothing until {@link #harvest} and {@link #resetRings} free space. Model simplification: the real ring stops
 * the vCPU at a soft limit a few reserved entries below its size; here the limit is the capacity itself.
 *
 * <p>Storage is compact: one {@code long[]} bitmap per memslot and parallel primitive arrays per ring.
 */
public final class VcpuDirtyLog {
    /** The most pages one memslot's dirty bitmap can hold here: a Java array of at most 2^31-1 longs. */
    public static final long MAX_MEMSLOT_PAGES = (long) Integer.MAX_VALUE * 64;
    /** The largest guest memory the simulator can carry, in bytes (just under 512 TiB). */
    public static final long MAX_GUEST_MEMORY = MAX_MEMSLOT_PAGES * io.ioptexplorer.hardware.memory.GuestMemory.PAGE_SIZE;

    /** Which KVM dirty-logging interface is modelled. */
    public enum Mode { BITMAP, DIRTY_RING }

    /** What one single-page write did. */
    public enum WriteResult {
        /** The page was clean and is now recorded dirty. */
        LOGGED,
        /** The page was already recorded (bitmap bit set, or ring entry not yet reset). */
        ALREADY_DIRTY,
        /** The vCPU is stopped on a full dirty ring; the write did not happen. */
        VCPU_STOPPED,
        /** The address is in no memslot (MMIO for a real guest); nothing is logged. */
        NO_MEMSLOT
    }

    /** The capability number of {@code KVM_CAP_DIRTY_LOG_RING} (reference §7; {@code include/uapi/linux/kvm.h}). */
    public static final int KVM_CAP_DIRTY_LOG_RING = 192;
    /** Page offset of the dirty ring in the vCPU fd's mmap, {@code KVM_DIRTY_LOG_PAGE_OFFSET} (reference §7). */
    public static final int KVM_DIRTY_LOG_PAGE_OFFSET = 64;

    /** {@code KVM_DIRTY_RING_MAX_ENTRIES}, defined in {@code include/linux/kvm_host.h}. */
    public static final int MAX_RING_ENTRIES = 65536;

    private final Mode mode;
    private final int vcpus;
    private final boolean manualProtect;
    private final boolean initiallySet;
    private final EventSink sink;

    private final Memslot[] slots;      // sorted by base
    private final long[] slotBases;     // for binary search
    private final long[][] bits;        // per slot (sorted order): dirty bitmap, or "logged, not yet reset" in ring mode

    // Dirty rings (ring mode only).
    private final int ringCapacity;
    private final int[][] ringFlags;
    private final int[][] ringSlot;
    private final long[][] ringOffset;
    private final long[] dirtyIndex;    // KVM's producer index
    private final long[] fetchIndex;    // userspace's harvest index
    private final long[] resetIndex;    // KVM's reset index
    private final boolean[] stopped;

    private long writes;
    private long pagesLogged;
    private long ringFullStops;
    private long entriesHarvested;
    private long entriesReset;
    private long writesRefusedStopped;
    private long writesOutsideMemslots;

    private VcpuDirtyLog(VcpuDirtyLog o, CopyContext ctx) {
        this.mode = o.mode;
        this.vcpus = o.vcpus;
        this.manualProtect = o.manualProtect;
        this.initiallySet = o.initiallySet;
        this.sink = ctx.sink(o.sink);
        this.slots = o.slots; // Memslot is immutable, the array never written after construction
        this.slotBases = o.slotBases;
        this.bits = ctx.copy(o.bits);
        this.ringCapacity = o.ringCapacity;
        this.ringFlags = ctx.copy(o.ringFlags);
        this.ringSlot = ctx.copy(o.ringSlot);
        this.ringOffset = ctx.copy(o.ringOffset);
        this.dirtyIndex = ctx.copy(o.dirtyIndex);
        this.fetchIndex = ctx.copy(o.fetchIndex);
        this.resetIndex = ctx.copy(o.resetIndex);
        this.stopped = ctx.copy(o.stopped);
        this.writes = o.writes;
        this.pagesLogged = o.pagesLogged;
        this.ringFullStops = o.ringFullStops;
        this.entriesHarvested = o.entriesHarvested;
        this.entriesReset = o.entriesReset;
        this.writesRefusedStopped = o.writesRefusedStopped;
        this.writesOutsideMemslots = o.writesOutsideMemslots;
    }

    /** A log in the same state: its bitmaps, rings, indexes and counters copied. */
    public VcpuDirtyLog copy(CopyContext ctx) {
        return ctx.copy(this, c -> new VcpuDirtyLog(this, c));
    }

    private VcpuDirtyLog(Mode mode, List<Memslot> memslots, int vcpus, boolean manualProtect, boolean initiallySet,
            int ringCapacity, EventSink sink) {
        if (vcpus <= 0) {
            throw new IllegalArgumentException("need at least one vCPU");
        }
        this.mode = mode;
        this.vcpus = vcpus;
        this.manualProtect = manualProtect;
        this.initiallySet = initiallySet;
        this.sink = sink == null ? EventSink.NONE : sink;
        this.slots = memslots.toArray(new Memslot[0]);
        Arrays.sort(slots, Comparator.comparingLong(Memslot::gpaBase));
        slotBases = new long[slots.length];
        bits = new long[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            for (int j = 0; j < i; j++) {
                if (slots[j].slotId() == slots[i].slotId()) {
                    throw new ErrnoException(Errno.EEXIST, "memslot id " + slots[i].slotId() + " used twice");
                }
            }
            if (i > 0 && slots[i - 1].gpaEnd() > slots[i].gpaBase()) {
                throw new ErrnoException(Errno.EEXIST,
                        "memslots " + slots[i - 1].slotId() + " and " + slots[i].slotId() + " overlap");
            }
            slotBases[i] = slots[i].gpaBase();
            long npages = slots[i].npages();
            if (npages > MAX_MEMSLOT_PAGES) {
                throw new ErrnoException(Errno.E2BIG, "memslot " + slots[i].slotId() + " too large to simulate");
            }
            bits[i] = new long[(int) ((npages + 63) >>> 6)];
            if (initiallySet) {
                setAll(bits[i], npages);
            }
        }
        this.ringCapacity = ringCapacity;
        if (mode == Mode.DIRTY_RING) {
            ringFlags = new int[vcpus][ringCapacity];
            ringSlot = new int[vcpus][ringCapacity];
            ringOffset = new long[vcpus][ringCapacity];
            dirtyIndex = new long[vcpus];
            fetchIndex = new long[vcpus];
            resetIndex = new long[vcpus];
            stopped = new boolean[vcpus];
        } else {
            ringFlags = null;
            ringSlot = null;
            ringOffset = null;
            dirtyIndex = null;
            fetchIndex = null;
            resetIndex = null;
            stopped = null;
        }
    }

    /**
     * Bitmap mode.
     *
     * @param manualProtect {@code KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2} enabled: GET does not clear, CLEAR does
     * @param initiallySet {@code KVM_DIRTY_LOG_INITIALLY_SET}: every page starts dirty; needs manualProtect (this
     *     model rejects it alone with EINVAL, an inference: it is a flag of that capability)
     */
    public static VcpuDirtyLog bitmap(List<Memslot> memslots, int vcpus, boolean manualProtect, boolean initiallySet,
            EventSink sink) {
        if (initiallySet && !manualProtect) {
            throw new ErrnoException(Errno.EINVAL,
                    "KVM_DIRTY_LOG_INITIALLY_SET is a flag of KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2; enable manual protect");
        }
        return new VcpuDirtyLog(Mode.BITMAP, memslots, vcpus, manualProtect, initiallySet, 0, sink);
    }

    /**
     * Dirty-ring mode with {@code ringEntries} entries per vCPU: a power of two, at most {@link #MAX_RING_ENTRIES}.
     * (KVM also wants the ring to be at least a page, i.e. 256 entries; this simulator allows toy sizes to show
     * the mechanism.)
     */
    public static VcpuDirtyLog dirtyRing(List<Memslot> memslots, int vcpus, int ringEntries, EventSink sink) {
        if (ringEntries <= 0 || Integer.bitCount(ringEntries) != 1) {
            throw new ErrnoException(Errno.EINVAL, "dirty ring size must be a power of two: " + ringEntries);
        }
        if (ringEntries > MAX_RING_ENTRIES) {
            throw new ErrnoException(Errno.E2BIG,
                    "dirty ring of " + ringEntries + " entries exceeds KVM_DIRTY_RING_MAX_ENTRIES " + MAX_RING_ENTRIES);
        }
        return new VcpuDirtyLog(Mode.DIRTY_RING, memslots, vcpus, false, false, ringEntries, sink);
    }

    public Mode mode() {
        return mode;
    }

    public int vcpuCount() {
        return vcpus;
    }

    public boolean manualProtect() {
        return manualProtect;
    }

    public boolean initiallySet() {
        return initiallySet;
    }

    /** Entries per vCPU ring (0 in bitmap mode). */
    public int ringCapacity() {
        return ringCapacity;
    }

    /** The memslots, by ascending guest-physical base. */
    public List<Memslot> memslots() {
        return List.of(slots);
    }

    // ---------------------------------------------------------------------------------------------------- writes

    /** A guest write by {@code vcpu} of (at least) the byte at {@code gpa}: it touches the page holding it. */
    public WriteResult write(int vcpu, long gpa) {
        checkVcpu(vcpu);
        writes++;
        if (stopped != null && stopped[vcpu]) {
            writesRefusedStopped++;
            return WriteResult.VCPU_STOPPED;
        }
        int si = slotIndexOf(gpa);
        if (si < 0) {
            writesOutsideMemslots++;
            return WriteResult.NO_MEMSLOT;
        }
        return markPage(vcpu, si, (gpa - slotBases[si]) >>> Memslot.PAGE_SHIFT, gpa, 1);
    }

    /**
     * A guest write of {@code length} bytes from {@code gpa}, page by page. Returns the bytes performed: all of them,
     * unless the vCPU's dirty ring filled part-way (the write then stops after the page that filled it; the caller
     * resumes the rest once the vCPU runs again) or the vCPU was already stopped (0).
     */
    public long writeRange(int vcpu, long gpa, long length) {
        checkVcpu(vcpu);
        if (length <= 0) {
            throw new IllegalArgumentException("write length must be positive: " + length);
        }
        writes++;
        if (stopped != null && stopped[vcpu]) {
            writesRefusedStopped++;
            return 0;
        }
        long end = gpa + length;
        long page = gpa & ~(Memslot.PAGE_SIZE - 1);
        boolean inAny = false;
        while (page < end) {
            int si = slotIndexOf(page);
            if (si >= 0) {
                inAny = true;
                long from = Math.max(gpa, page);
                markPage(vcpu, si, (page - slotBases[si]) >>> Memslot.PAGE_SHIFT, from,
                        Math.min(end, page + Memslot.PAGE_SIZE) - from);
                if (stopped != null && stopped[vcpu]) {
                    long done = Math.min(end, page + Memslot.PAGE_SIZE) - gpa;
                    return done;
                }
            }
            page += Memslot.PAGE_SIZE;
        }
        if (!inAny) {
            writesOutsideMemslots++;
        }
        return length;
    }

    /** Marks one page; {@code gpa} and {@code length} are the part of the write in it (for the event). */
    private WriteResult markPage(int vcpu, int si, long pageIndex, long gpa, long length) {
        long[] b = bits[si];
        int w = (int) (pageIndex >>> 6);
        long m = 1L << (pageIndex & 63);
        if ((b[w] & m) != 0) {
            return WriteResult.ALREADY_DIRTY;
        }
        b[w] |= m;
        pagesLogged++;
        if (sink.enabled()) { // before a ring-full stop the push may cause: the write is what filled the ring
            sink.emit(new VcpuWrite(vcpu, gpa, length, slots[si].slotId(), mode == Mode.DIRTY_RING));
        }
        if (mode == Mode.DIRTY_RING) {
            push(vcpu, slots[si].slotId(), pageIndex);
        }
        return WriteResult.LOGGED;
    }

    private void push(int vcpu, int slotId, long offset) {
        int i = (int) (dirtyIndex[vcpu] & (ringCapacity - 1));
        ringFlags[vcpu][i] = KvmDirtyGfn.F_DIRTY;
        ringSlot[vcpu][i] = slotId;
        ringOffset[vcpu][i] = offset;
        dirtyIndex[vcpu]++;
        if (dirtyIndex[vcpu] - resetIndex[vcpu] >= ringCapacity) {
            stopped[vcpu] = true;
            ringFullStops++;
            if (sink.enabled()) {
                sink.emit(new DirtyRingFullEvent(vcpu, ringCapacity));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- bitmap mode

    /**
     * {@code KVM_GET_DIRTY_LOG} for one memslot: a copy of its bitmap (bit i of word i/64 = page i of the slot).
     * Classic mode clears the slot's log (the pages are write-protected again); manual-protect mode leaves it.
     *
     * @throws ErrnoException ENOENT for an unknown slot; EOPNOTSUPP in dirty-ring mode (the kernel returns ENXIO
     *     there, which the shared errno list lacks)
     */
    public long[] getDirtyLog(int slotId) {
        requireBitmap("KVM_GET_DIRTY_LOG");
        int si = slotIndexById(slotId);
        long[] copy = bits[si].clone();
        if (!manualProtect) {
            Arrays.fill(bits[si], 0L);
        }
        return copy;
    }

    /** {@code KVM_CLEAR_DIRTY_LOG} clearing every page of the range. */
    public void clearDirtyLog(int slotId, long firstPage, long numPages) {
        // Mutation note (issue 16): a longer array here is equivalent (only the range's words are read), but a
        // length that overflows int is not: KvmDirtyLogBoundsTest clears a 2^25-page slot.
        long[] all = new long[(int) ((numPages + 63) >>> 6)];
        setAll(all, numPages);
        clearDirtyLog(slotId, firstPage, numPages, all);
    }

    /**
     * {@code KVM_CLEAR_DIRTY_LOG}: clears (and re-write-protects) the pages of [firstPage, firstPage+numPages) whose
     * bit is set in {@code mask} (bit i = page firstPage+i). Range rules as {@code kvm_clear_dirty_log_protect()}.
     * This model also accepts it without manual protect (whether the kernel refuses that was not checked).
     *
     * @throws ErrnoException EINVAL for a misaligned or out-of-slot range or a short mask; ENOENT for an unknown slot;
     *     EOPNOTSUPP in dirty-ring mode (kernel: ENXIO)
     */
    public void clearDirtyLog(int slotId, long firstPage, long numPages, long[] mask) {
        requireBitmap("KVM_CLEAR_DIRTY_LOG");
        if ((firstPage & 63) != 0) {
            throw new ErrnoException(Errno.EINVAL, "first_page " + firstPage + " is not a multiple of 64");
        }
        int si = slotIndexById(slotId);
        long npages = slots[si].npages();
        if (firstPage < 0 || numPages < 0 || firstPage > npages || numPages > npages - firstPage
                || (numPages < npages - firstPage && (numPages & 63) != 0)) {
            throw new ErrnoException(Errno.EINVAL, "range [" + firstPage + ", +" + numPages
                    + ") does not fit memslot " + slotId + " of " + npages
                    + " pages (num_pages must be a multiple of 64 unless it reaches the end)");
        }
        if (mask.length < (numPages + 63) >>> 6) {
            throw new ErrnoException(Errno.EINVAL, "mask has " + mask.length + " words, range needs "
                    + ((numPages + 63) >>> 6));
        }
        long[] b = bits[si];
        int base = (int) (firstPage >>> 6);
        int words = (int) ((numPages + 63) >>> 6);
        for (int i = 0; i < words; i++) {
            long m = mask[i];
            // Mutation note (issue 16): not clipping the last word (or clipping nothing) is equivalent. A partial
            // last word only comes with a range that reaches the slot's end, and the bits past the slot's last page
            // are never set, so clearing them changes nothing. OR-ing the clip into the mask is not equivalent: it
            // would clear pages the mask leaves set (KvmDirtyLogBoundsTest).
            if (i == words - 1 && (numPages & 63) != 0) {
                m &= (1L << (numPages & 63)) - 1;
            }
            b[base + i] &= ~m;
        }
    }

    private void requireBitmap(String what) {
        if (mode != Mode.BITMAP) {
            throw new ErrnoException(Errno.EOPNOTSUPP,
                    what + " is not available with the dirty ring (the kernel answers ENXIO)");
        }
    }

    // ------------------------------------------------------------------------------------------------ ring mode

    /** Harvests every available entry of one vCPU's ring, in ring order (see {@link #harvest(int, int)}). */
    public List<KvmDirtyGfn> harvest(int vcpu) {
        return harvest(vcpu, Integer.MAX_VALUE);
    }

    /**
     * Userspace collects up to {@code max} DIRTY entries of {@code vcpu}'s ring in order, starting at its fetch
     * index, and marks each harvested (flags := RESET). Returned entries carry the flags as read (DIRTY).
     */
    public List<KvmDirtyGfn> harvest(int vcpu, int max) {
        requireRing("harvest");
        checkVcpu(vcpu);
        List<KvmDirtyGfn> out = new ArrayList<>();
        while (out.size() < max && fetchIndex[vcpu] < dirtyIndex[vcpu]) {
            int i = (int) (fetchIndex[vcpu] & (ringCapacity - 1));
            if (ringFlags[vcpu][i] != KvmDirtyGfn.F_DIRTY) {
                break;
            }
            out.add(new KvmDirtyGfn(ringFlags[vcpu][i], ringSlot[vcpu][i], ringOffset[vcpu][i]));
            ringFlags[vcpu][i] = KvmDirtyGfn.F_RESET;
            fetchIndex[vcpu]++;
        }
        entriesHarvested += out.size();
        return out;
    }

    /** Harvests every vCPU's ring, vCPU 0 first. */
    public List<KvmDirtyGfn> harvestAll() {
        requireRing("harvest");
        List<KvmDirtyGfn> out = new ArrayList<>();
        for (int v = 0; v < vcpus; v++) {
            out.addAll(harvest(v));
        }
        return out;
    }

    /**
     * {@code KVM_RESET_DIRTY_RINGS}: on every ring, from the reset index, recycles harvested entries in order up to
     * the first one not yet harvested; their pages become clean (write-protected) again, so a later write logs them
     * anew. A vCPU stopped on a full ring runs again once space is free. Returns the number of entries recycled.
     */
    public int resetRings() {
        requireRing("KVM_RESET_DIRTY_RINGS");
        int count = 0;
        int resumed = 0;
        for (int v = 0; v < vcpus; v++) {
            while (resetIndex[v] < dirtyIndex[v]) {
                int i = (int) (resetIndex[v] & (ringCapacity - 1));
                if (ringFlags[v][i] != KvmDirtyGfn.F_RESET) {
                    break;
                }
                int si = slotIndexById(ringSlot[v][i]);
                long page = ringOffset[v][i];
                bits[si][(int) (page >>> 6)] &= ~(1L << (page & 63));
                ringFlags[v][i] = 0;
                resetIndex[v]++;
                count++;
            }
            if (stopped[v] && dirtyIndex[v] - resetIndex[v] < ringCapacity) {
                stopped[v] = false;
                resumed++;
            }
        }
        entriesReset += count;
        if (sink.enabled() && (count > 0 || resumed > 0)) {
            sink.emit(new DirtyRingsResetEvent(count, resumed));
        }
        return count;
    }

    /** Whether the vCPU is stopped on a full dirty ring (always false in bitmap mode). */
    public boolean isVcpuStopped(int vcpu) {
        checkVcpu(vcpu);
        return stopped != null && stopped[vcpu];
    }

    /** Entries of the vCPU's ring not yet recycled (dirty or harvested). */
    public int ringUsed(int vcpu) {
        requireRing("ring");
        checkVcpu(vcpu);
        return (int) (dirtyIndex[vcpu] - resetIndex[vcpu]);
    }

    /** KVM's producer index, userspace's fetch index and KVM's reset index of a ring, in that order. */
    public long[] ringIndices(int vcpu) {
        requireRing("ring");
        checkVcpu(vcpu);
        return new long[] {dirtyIndex[vcpu], fetchIndex[vcpu], resetIndex[vcpu]};
    }

    /** The ring's slots as stored (index order), with their current flags; invalid slots have flags 0. */
    public List<KvmDirtyGfn> ringSnapshot(int vcpu) {
        requireRing("ring");
        checkVcpu(vcpu);
        List<KvmDirtyGfn> out = new ArrayList<>(ringCapacity);
        for (int i = 0; i < ringCapacity; i++) {
            out.add(new KvmDirtyGfn(ringFlags[vcpu][i], ringSlot[vcpu][i], ringOffset[vcpu][i]));
        }
        return out;
    }

    private void requireRing(String what) {
        if (mode != Mode.DIRTY_RING) {
            throw new ErrnoException(Errno.EINVAL, what + " needs KVM_CAP_DIRTY_LOG_RING; this log is in bitmap mode");
        }
    }

    // -------------------------------------------------------------------------------------------------- queries

    /**
     * Whether a page is recorded: its bitmap bit (bitmap mode) or "logged and not yet reset" (ring mode).
     */
    public boolean isPageDirty(int slotId, long pageIndex) {
        int si = slotIndexById(slotId);
        if (pageIndex < 0 || pageIndex >= slots[si].npages()) {
            throw new IndexOutOfBoundsException("page " + pageIndex + " outside memslot " + slotId);
        }
        return (bits[si][(int) (pageIndex >>> 6)] & (1L << (pageIndex & 63))) != 0;
    }

    /** Number of recorded pages in a memslot (see {@link #isPageDirty}). */
    public long dirtyPageCount(int slotId) {
        long n = 0;
        for (long w : bits[slotIndexById(slotId)]) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** The memslot holding {@code gpa}, or null. */
    public Memslot memslotOf(long gpa) {
        int si = slotIndexOf(gpa);
        return si < 0 ? null : slots[si];
    }

    public DirtyLogStats stats() {
        return new DirtyLogStats(writes, pagesLogged, ringFullStops, entriesHarvested, entriesReset,
                writesRefusedStopped, writesOutsideMemslots);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private int slotIndexOf(long gpa) {
        int i = Arrays.binarySearch(slotBases, gpa);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && slots[i].contains(gpa) ? i : -1;
    }

    private int slotIndexById(int slotId) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].slotId() == slotId) {
                return i;
            }
        }
        throw new ErrnoException(Errno.ENOENT, "no memslot " + slotId);
    }

    private void checkVcpu(int vcpu) {
        if (vcpu < 0 || vcpu >= vcpus) {
            throw new IndexOutOfBoundsException("no vCPU " + vcpu + " (have " + vcpus + ")");
        }
    }

    private static void setAll(long[] b, long n) {
        int full = (int) (n >>> 6);
        Arrays.fill(b, 0, full, -1L);
        if ((n & 63) != 0) {
            b[full] = (1L << (n & 63)) - 1;
        }
    }

    /** Utility: the set pages of a bitmap as page indices (for tests and views). */
    public static long[] pagesOf(long[] bitmap) {
        int n = 0;
        for (long w : bitmap) {
            n += Long.bitCount(w);
        }
        long[] out = new long[n];
        int k = 0;
        for (int i = 0; i < bitmap.length; i++) {
            long w = bitmap[i];
            while (w != 0) {
                out[k++] = ((long) i << 6) + Long.numberOfTrailingZeros(w);
                w &= w - 1;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "VcpuDirtyLog[" + mode + ", vcpus=" + vcpus + ", slots=" + slots.length + "]";
    }
}

package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.events.IotlbEvicted;
import io.ioptexplorer.hardware.iommu.events.IotlbFilled;
import io.ioptexplorer.hardware.iommu.events.IotlbInvalidated;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.Arrays;

/**
 * A set-associative IOTLB with LRU replacement. Each entry caches one leaf translation: domain, leaf IOVA and size,
 * physical address, permissions and the dirty state the walk saw. That last field is the point: a write that hits an
 * entry cached as dirty does not go back to the page table, which is why clearing a Dirty bit without invalidating
 * the IOTLB loses the next writes (design.md, "The IOTLB caches translations together with the dirty state it saw").
 *
 * <p>Entries of different leaf sizes share the array; a lookup probes once per leaf size currently cached, as a
 * unified multi-page-size TLB does. Storage is parallel primitive arrays, no object per entry.
 */
public final class Iotlb {
    private final String unitId;
    private final int entries;
    private final int ways;
    private final int sets;
    private final EventSink events;

    private final boolean[] valid;
    private final int[] domain;
    private final long[] leafIova;
    private final long[] leafSize;
    private final long[] physAddr;
    private final int[] prot;
    private final boolean[] dirty;
    private final long[] lastUse;
    private long useCounter;
    /**
     * Leaf sizes present, so a lookup probes only those. Counts per size keep it exact: valid entries per size,
     * indexed by log2 of the size (leaf sizes are powers of two), with no boxing per fill.
     */
    private final int[] sizeCounts = new int[64];
    /** The sizes with a count, ascending, as a plain array: lookups iterate it without allocating. */
    private long[] cachedSizes = new long[0];

    private long hits;
    private long misses;
    private long fills;
    private long evictions;
    private long entriesInvalidated;

    public Iotlb(String unitId, int entries, int ways, EventSink events) {
        if (entries <= 0 || ways <= 0 || entries % ways != 0) {
            throw new IllegalArgumentException("IOTLB of " + entries + " entries cannot have " + ways
                    + " ways: the number of ways must divide the number of entries");
        }
        this.unitId = unitId;
        this.entries = entries;
        this.ways = ways;
        this.sets = entries / ways;
        this.events = events;
        valid = new boolean[entries];
        domain = new int[entries];
        leafIova = new long[entries];
        leafSize = new long[entries];
        physAddr = new long[entries];
        prot = new int[entries];
        dirty = new boolean[entries];
        lastUse = new long[entries];
    }

    private Iotlb(Iotlb o, CopyContext ctx) {
        this.unitId = o.unitId;
        this.entries = o.entries;
        this.ways = o.ways;
        this.sets = o.sets;
        this.events = ctx.sink(o.events);
        this.valid = ctx.copy(o.valid);
        this.domain = ctx.copy(o.domain);
        this.leafIova = ctx.copy(o.leafIova);
        this.leafSize = ctx.copy(o.leafSize);
        this.physAddr = ctx.copy(o.physAddr);
        this.prot = ctx.copy(o.prot);
        this.dirty = ctx.copy(o.dirty);
        this.lastUse = ctx.copy(o.lastUse);
        this.useCounter = o.useCounter;
        System.arraycopy(o.sizeCounts, 0, sizeCounts, 0, sizeCounts.length);
        this.cachedSizes = o.cachedSizes.clone();
        this.hits = o.hits;
        this.misses = o.misses;
        this.fills = o.fills;
        this.evictions = o.evictions;
        this.entriesInvalidated = o.entriesInvalidated;
    }

    /** An IOTLB with the same entries (dirty state and LRU order included) and counters. */
    public Iotlb copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Iotlb(this, c));
    }

    public int entries() {
        return entries;
    }

    public int ways() {
        return ways;
    }

    /** Slot index of a hit for (domain, iova), or -1; counts the hit or miss and refreshes LRU on a hit. */
    public int lookup(int domainId, long iova) {
        for (long size : cachedSizes) {
            long base = iova & -size;
            int i = slotIn(setOf(domainId, base, size), domainId, base, size);
            if (i >= 0) {
                lastUse[i] = ++useCounter;
                hits++;
                return i;
            }
        }
        misses++;
        return -1;
    }

    /** The slot of {@code set} caching the leaf (domain, base, size), or -1: a leaf has at most one. */
    private int slotIn(int set, int domainId, long base, long size) {
        for (int w = 0; w < ways; w++) {
            int i = set * ways + w;
            if (valid[i] && domain[i] == domainId && leafSize[i] == size && leafIova[i] == base) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Caches a walk's result, evicting the least recently used way of the set if it is full. {@code leafIovaBase} is
     * the leaf's base, aligned to {@code size} (a range invalidation looks for it there).
     */
    public int fill(int domainId, long leafIovaBase, long size, long pa, int permissions, boolean dirtySeen) {
        int set = setOf(domainId, leafIovaBase, size);
        int victim = slotIn(set, domainId, leafIovaBase, size); // an existing entry is refreshed in place
        if (victim < 0) {
            long oldest = Long.MAX_VALUE;
            for (int w = 0; w < ways; w++) {
                int i = set * ways + w;
                if (!valid[i]) {
                    victim = i;
                    break;
                }
                if (lastUse[i] < oldest) {
                    oldest = lastUse[i];
                    victim = i;
                }
            }
            if (valid[victim]) {
                evictions++;
                if (events.enabled()) {
                    events.emit(new IotlbEvicted(unitId, domain[victim], leafIova[victim], leafSize[victim]));
                }
                drop(victim);
            }
        } else {
            drop(victim);
        }
        valid[victim] = true;
        domain[victim] = domainId;
        leafIova[victim] = leafIovaBase;
        leafSize[victim] = size;
        physAddr[victim] = pa;
        prot[victim] = permissions;
        dirty[victim] = dirtySeen;
        lastUse[victim] = ++useCounter;
        if (++sizeCounts[Long.numberOfTrailingZeros(size)] == 1) {
            refreshSizes();
        }
        fills++;
        if (events.enabled()) {
            events.emit(new IotlbFilled(unitId, domainId, leafIovaBase, size, pa, permissions, dirtySeen));
        }
        return victim;
    }

    public boolean cachedDirty(int slot) {
        return dirty[slot];
    }

    public void markCachedDirty(int slot) {
        dirty[slot] = true;
    }

    public int cachedProt(int slot) {
        return prot[slot];
    }

    public long cachedPhysAddr(int slot) {
        return physAddr[slot];
    }

    public long cachedLeafIova(int slot) {
        return leafIova[slot];
    }

    public long cachedLeafSize(int slot) {
        return leafSize[slot];
    }

    /** Drops every entry of the domain that overlaps [start, end); returns how many were dropped. */
    public int invalidateRange(int domainId, long start, long end, String command) {
        int n = probesFor(start, end) <= entries ? dropByProbing(domainId, start, end)
                : dropByScanning(domainId, start, end);
        entriesInvalidated += n;
        if (events.enabled()) {
            events.emit(new IotlbInvalidated(unitId, command, domainId, start, end, n));
        }
        return n;
    }

    /** {@link #invalidateRange} looking at every slot, for the tests that hold the probing path to it. */
    int invalidateRangeByScanning(int domainId, long start, long end) {
        int n = dropByScanning(domainId, start, end);
        entriesInvalidated += n;
        return n;
    }

    private int dropByScanning(int domainId, long start, long end) {
        int n = 0;
        for (int i = 0; i < entries; i++) {
            if (valid[i] && domain[i] == domainId && leafIova[i] < end && leafIova[i] + leafSize[i] > start) {
                drop(i);
                n++;
            }
        }
        return n;
    }

    /**
     * Slots a range invalidation would look at if it probed, per cached leaf size, the set of every leaf base the
     * range touches (as a lookup does), or MAX_VALUE where that is not the same as the scan: a range the scan's
     * signed compares and {@code leafIova + leafSize} would not take whole. A per-entry invalidation (one 4 KiB
     * leaf) looks at 8 slots of each size instead of all 512: ReadAndClearBatchingBenchmark's PER_ENTRY case spent
     * 80% of its time scanning.
     */
    long probesFor(long start, long end) {
        if (start < 0 || end <= start || end > 1L << 62) {
            return Long.MAX_VALUE;
        }
        long n = 0;
        for (long size : cachedSizes) {
            n += (((end - 1) & -size) - (start & -size)) / size + 1;
        }
        return n * ways;
    }

    /** The scan's result, from the sets that can hold an overlapping leaf: a leaf is cached at its aligned base. */
    private int dropByProbing(int domainId, long start, long end) {
        int n = 0;
        for (long size : cachedSizes) { // drop() may replace the array; this loop keeps the one it started with
            for (long base = start & -size; base < end; base += size) {
                int i = slotIn(setOf(domainId, base, size), domainId, base, size);
                if (i >= 0) {
                    drop(i);
                    n++;
                }
            }
        }
        return n;
    }

    /** Drops every entry of the domain (a domain-selective invalidation). */
    public int invalidateDomain(int domainId, String command) {
        int n = 0;
        for (int i = 0; i < entries; i++) {
            if (valid[i] && domain[i] == domainId) {
                drop(i);
                n++;
            }
        }
        entriesInvalidated += n;
        if (events.enabled()) {
            events.emit(new IotlbInvalidated(unitId, command, domainId, 0, -1L, n));
        }
        return n;
    }

    /** How many entries of the domain overlapping [start, end) are cached as dirty: the ones a skipped flush leaves stale. */
    public int countCachedDirty(int domainId, long start, long end) {
        int n = 0;
        for (int i = 0; i < entries; i++) {
            if (valid[i] && dirty[i] && domain[i] == domainId && leafIova[i] < end && leafIova[i] + leafSize[i] > start) {
                n++;
            }
        }
        return n;
    }

    public int validEntries() {
        int n = 0;
        for (boolean v : valid) {
            if (v) {
                n++;
            }
        }
        return n;
    }

    /** A read-only copy of one slot for views: null when the slot is empty. */
    public IotlbEntryView entry(int slot) {
        if (!valid[slot]) {
            return null;
        }
        return new IotlbEntryView(slot, slot / ways, domain[slot], leafIova[slot], leafSize[slot], physAddr[slot],
                prot[slot], dirty[slot], lastUse[slot]);
    }

    public IotlbStats stats() {
        return new IotlbStats(hits, misses, fills, evictions, entriesInvalidated);
    }

    public void resetStats() {
        hits = misses = fills = evictions = entriesInvalidated = 0;
    }

    private void drop(int i) {
        if (!valid[i]) {
            return;
        }
        valid[i] = false;
        long size = leafSize[i];
        if (--sizeCounts[Long.numberOfTrailingZeros(size)] == 0) {
            refreshSizes();
        }
    }

    private void refreshSizes() {
        int n = 0;
        for (int c : sizeCounts) {
            n += c > 0 ? 1 : 0;
        }
        long[] sizes = new long[n];
        int k = 0;
        for (int log2 = 0; log2 < 64; log2++) {
            if (sizeCounts[log2] > 0) {
                sizes[k++] = 1L << log2;
            }
        }
        cachedSizes = sizes;
    }

    private int setOf(int domainId, long base, long size) {
        long page = base / size;
        long h = page * 0x9E3779B97F4A7C15L + domainId * 0xC2B2AE3D27D4EB4FL + Long.numberOfTrailingZeros(size);
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), sets);
    }

    @Override
    public String toString() {
        return "IOTLB " + unitId + " " + entries + " entries, " + ways + "-way: " + Arrays.toString(
                new long[] {hits, misses, evictions});
    }
}

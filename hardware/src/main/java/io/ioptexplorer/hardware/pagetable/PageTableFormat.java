package io.ioptexplorer.hardware.pagetable;

import java.util.List;

/**
 * Everything that differs between IO page-table formats, and nothing else, in the manner of the kernel's
 * {@code drivers/iommu/generic_pt/fmt/*.h}: level geometry, which leaf sizes each level may hold, how an entry is
 * encoded and decoded, how hardware marks an entry accessed and dirty, and how software cleans it.
 * {@link IoPageTable} is the one walker that knows nothing vendor-specific.
 *
 * <p>Levels are numbered as in generic_pt: level 0 holds the smallest leaves, level {@code levels()-1} is the top.
 * Page sizes are given as bitmasks where bit n set means 2^n bytes, like the kernel's {@code pgsize_bitmap}.
 * Every table of a format has {@link #tableEntries()} entries; the top table may use only some of them when the
 * address width is not a whole number of levels.
 */
public interface PageTableFormat {
    /** {@link #kind} of an entry that is not present. */
    int EMPTY = 0;
    /** {@link #kind} of an entry that points to a lower-level table. */
    int TABLE = 1;
    /** {@link #kind} of an entry that maps output addresses (a leaf, block or page). */
    int LEAF = 2;

    /** A short unique name, e.g. {@code "vtdss-4level"}. */
    String name();

    /** Union of the leaf sizes of all levels (bit n = 2^n bytes). */
    long supportedPageSizes();

    /** The smallest page size in bytes. */
    long granule();

    int levels();

    /** Highest valid IOVA, as an unsigned value ({@code -1L} for a full 64-bit space). */
    long maxIova();

    /** log2 of {@link #granule()}. */
    int granuleShift();

    /** Index bits per table. */
    int bitsPerLevel();

    /** Entries per table page. */
    default int tableEntries() {
        return 1 << bitsPerLevel();
    }

    /** log2 of the IOVA span of one entry at {@code level}. */
    default int itemShift(int level) {
        return granuleShift() + level * bitsPerLevel();
    }

    /** IOVA width in bits. */
    int vaBits();

    /** Output (physical) address width in bits. */
    int oaBits();

    /** Leaf sizes an entry at {@code level} may map (bit n = 2^n); sizes above the item size are replicated. */
    long leafSizesAt(int level);

    /** {@link #EMPTY}, {@link #TABLE} or {@link #LEAF}; the level disambiguates formats whose encodings overlap. */
    int kind(long pte, int level);

    /** Physical address of the table a {@link #TABLE} entry points to. */
    long tablePa(long pte);

    /**
     * {@link #tablePa} of an entry at {@code level} that is a {@link #TABLE}, else -1: one accessor, so that a format
     * whose table test takes several operations can first try the one pattern {@link #encodeTable} writes (the DMA
     * walk's fast path calls this at every level; WriteWalkBenchmark).
     */
    default long nextTablePa(long pte, int level) {
        return kind(pte, level) == TABLE ? tablePa(pte) : -1L;
    }

    /** A table entry at {@code level} pointing to the table at {@code tablePa}. */
    long encodeTable(long tablePa, int level);

    /**
     * A leaf entry at {@code level} mapping {@code 2^sizeShift} bytes at {@code pa} with {@code prot}; for a size
     * above the level's item size this is the value of every replica. Accessed/Dirty start as the kernel's driver
     * leaves them on a fresh mapping.
     */
    long encodeLeaf(long pa, int level, int sizeShift, int prot);

    /** log2 of the number of slots this leaf is replicated in (0 for an ordinary leaf). */
    int contigShift(long pte, int level);

    /** Bytes the whole leaf {@code pte} at {@code level} maps: the entry's span times its replicas. */
    default long leafSize(long pte, int level) {
        return 1L << (itemShift(level) + contigShift(pte, level));
    }

    /**
     * Whether this is a leaf that occupies one slot only: {@code kind == LEAF && contigShift == 0}, in one test where
     * the format can (the read-and-clear-dirty hot loop asks this of every dirty entry).
     */
    default boolean isSingleSlotLeaf(long pte, int level) {
        return kind(pte, level) == LEAF && contigShift(pte, level) == 0;
    }

    /** Physical address of the start of the whole leaf (size-encoding bits removed). */
    long leafPa(long pte, int level);

    /** Permissions a DMA through this leaf has, {@link Prot} bits. */
    int prot(long pte);

    boolean isAccessed(long pte);

    /** Whether this one entry reads as written-dirty (the walker ORs replicas). */
    boolean isDirty(long pte);

    /** The entry as hardware leaves it after using it for an access. */
    long markAccessed(long pte);

    long clearAccessed(long pte);

    /** The entry as hardware leaves it after a write (only meaningful for a writable leaf). */
    long markDirty(long pte);

    /** The entry as software leaves it after reading its dirty state ({@code pt_entry_make_write_clean}). */
    long makeClean(long pte);

    /**
     * Whether hardware refuses this access to a present leaf: null when allowed.
     *
     * @param hwDirtyUpdate whether hardware dirty update is enabled; some formats fault a write to a
     *                      writable-clean entry without it
     */
    FaultReason checkAccess(long pte, boolean write, boolean hwDirtyUpdate);

    /** Whether the kernel driver writes a fresh writable leaf already dirty (Arm stage 1 with DBM, RISC-V). */
    boolean writableLeavesStartDirty();

    /** Whether upstream Linux publishes dirty-tracking ops ({@code IOMMU_PT_DIRTY_OPS}) for this format. */
    boolean upstreamDirtyOps();

    /** Named fields of an entry at {@code level}. */
    List<EntryField> decode(long pte, int level);
}

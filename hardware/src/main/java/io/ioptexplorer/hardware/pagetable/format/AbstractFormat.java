package io.ioptexplorer.hardware.pagetable.format;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.FaultReason;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.List;

/** Geometry and the common defaults shared by the format descriptors. */
abstract class AbstractFormat implements PageTableFormat {
    private final String name;
    private final int granuleShift;
    private final int bitsPerLevel;
    private final int levels;
    private final int vaBits;
    private final int oaBits;
    private final long[] leafSizes;
    private final long supported;

    AbstractFormat(String name, int granuleShift, int bitsPerLevel, int levels, int vaBits, int oaBits) {
        this.name = name;
        this.granuleShift = granuleShift;
        this.bitsPerLevel = bitsPerLevel;
        this.levels = levels;
        this.vaBits = vaBits;
        this.oaBits = oaBits;
        this.leafSizes = new long[levels];
        long all = 0;
        for (int l = 0; l < levels; l++) {
            leafSizes[l] = computeLeafSizes(l) & sizesBelow(vaBits);
            all |= leafSizes[l];
        }
        this.supported = all;
    }

    /** Leaf sizes for a level; called from the constructor, so it must only use its arguments and constants. */
    abstract long computeLeafSizes(int level);

    static long sizesBelow(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1 | (1L << bits);
    }

    /** Bits hi..lo set. */
    static long mask(int hi, int lo) {
        return (hi == 63 ? -1L : (1L << (hi + 1)) - 1) & -(1L << lo);
    }

    static long bit(int n) {
        return 1L << n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long supportedPageSizes() {
        return supported;
    }

    @Override
    public long granule() {
        return 1L << granuleShift;
    }

    @Override
    public int levels() {
        return levels;
    }

    @Override
    public long maxIova() {
        return vaBits >= 64 ? -1L : (1L << vaBits) - 1;
    }

    @Override
    public int granuleShift() {
        return granuleShift;
    }

    @Override
    public int bitsPerLevel() {
        return bitsPerLevel;
    }

    @Override
    public int vaBits() {
        return vaBits;
    }

    @Override
    public int oaBits() {
        return oaBits;
    }

    @Override
    public long leafSizesAt(int level) {
        return level < 0 || level >= levels ? 0 : leafSizes[level];
    }

    @Override
    public int contigShift(long pte, int level) {
        return 0;
    }

    @Override
    public FaultReason checkAccess(long pte, boolean write, boolean hwDirtyUpdate) {
        int p = prot(pte);
        if (write) {
            return (p & Prot.WRITE) == 0 ? FaultReason.WRITE_TO_READ_ONLY : null;
        }
        return (p & Prot.READ) == 0 ? FaultReason.READ_NOT_PERMITTED : null;
    }

    @Override
    public boolean writableLeavesStartDirty() {
        return false;
    }

    @Override
    public boolean upstreamDirtyOps() {
        return true;
    }

    static void flag(List<EntryField> out, String name, int bit, long pte, String meaning) {
        out.add(new EntryField(name, bit, bit, (pte >>> bit) & 1, meaning));
    }

    static void field(List<EntryField> out, String name, int hi, int lo, long pte, String meaning) {
        out.add(new EntryField(name, hi, lo, (pte & mask(hi, lo)) >>> lo, meaning));
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (bytes >= 1024 && (bytes & 1023) == 0 && u < units.length - 1) {
            bytes >>>= 10;
            u++;
        }
        return bytes + " " + units[u];
    }

    @Override
    public String toString() {
        return name;
    }
}

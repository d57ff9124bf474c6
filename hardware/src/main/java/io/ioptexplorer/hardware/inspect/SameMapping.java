package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;

/**
 * "The same mapping in every format": one leaf (output address, size, permissions, Accessed, Dirty) encoded by each
 * format family's own descriptor (AMD v1, VT-d second stage, SMMUv3 stage 1, RISC-V), with the Dirty mechanism each
 * uses. Every bit comes from {@link PageTableFormat#encodeLeaf}, {@code markAccessed}, {@code markDirty} and
 * {@code makeClean}; nothing is encoded here.
 */
public final class SameMapping {
    private SameMapping() {
    }

    /** The four families, 4-level (48-bit) where the family has levels to choose from, 4 KiB granule. */
    public static List<PageTableFormat> families() {
        return List.of(PageTableFormats.amdV1(4), PageTableFormats.vtdSecondStage(4), PageTableFormats.smmuV3(1, 4096),
            PageTableFormats.riscv("sv48"));
    }

    public static List<EncodedLeaf> encode(long pa, long size, int prot, boolean accessed, boolean dirty) {
        List<EncodedLeaf> out = new ArrayList<>();
        for (PageTableFormat f : families()) {
            out.add(encode(f, pa, size, prot, accessed, dirty));
        }
        return out;
    }

    static String family(PageTableFormat f) {
        String n = f.name();
        if (n.startsWith("amdv1")) {
            return "AMD v1";
        }
        if (n.startsWith("vtdss")) {
            return "VT-d second stage";
        }
        if (n.startsWith("smmuv3")) {
            return "SMMUv3 stage " + n.charAt("smmuv3-s".length());
        }
        return n.startsWith("sv") ? "RISC-V " + n.toUpperCase(java.util.Locale.ROOT).replace("SV", "Sv") : n;
    }

    public static EncodedLeaf encode(PageTableFormat f, long pa, long size, int prot, boolean accessed,
                                     boolean dirty) {
        if (Long.bitCount(size) != 1) {
            return unencodable(f, size + " bytes is not a power of two");
        }
        int sizeShift = Long.numberOfTrailingZeros(size);
        if (pa % size != 0) {
            return unencodable(f, String.format("0x%x is not aligned to %s", pa, Sizes.of(size)));
        }
        for (int level = 0; level < f.levels(); level++) {
            if ((f.leafSizesAt(level) & size) == 0 || sizeShift < f.itemShift(level)
                || (level + 1 < f.levels() && sizeShift >= f.itemShift(level + 1)
                    && (f.leafSizesAt(level + 1) & size) != 0)) {
                continue;
            }
            long e = f.encodeLeaf(pa, level, sizeShift, prot);
            e = accessed ? f.markAccessed(e) : f.clearAccessed(e);
            e = dirty && (prot & Prot.WRITE) != 0 ? f.markDirty(e) : f.makeClean(e);
            List<String> dirtyFields = DirtyMechanism.fields(f, e, level).stream().map(EntryField::name).toList();
            return new EncodedLeaf(f.name(), family(f), level, 1 << f.contigShift(e, level), e, f.decode(e, level),
                dirtyFields, DirtyMechanism.describe(f, e, level), f.upstreamDirtyOps(), "");
        }
        return unencodable(f, f.name() + " has no " + Sizes.of(size) + " leaf");
    }

    private static EncodedLeaf unencodable(PageTableFormat f, String why) {
        return new EncodedLeaf(f.name(), family(f), -1, 0, 0, List.of(), List.of(), "", f.upstreamDirtyOps(), why);
    }
}

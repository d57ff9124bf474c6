package io.ioptexplorer.hardware.pagetable.format;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;

/**
 * Intel VT-d second-stage paging (modelled after {@code drivers/iommu/generic_pt/fmt/vtdss.h} and
 * {@code drivers/iommu/intel/iommu.h}): R bit 0, W bit 1, PS bit 7 (2 MiB / 1 GiB leaf in an SS-PDE / SS-PDPTE),
 * A bit 8, D bit 9, SNP bit 11, address bits 51:12. There is no present bit: an entry is present when R or W is set.
 * 3, 4 or 5 levels (AW 39/48/57 bits); leaves of 4 KiB, 2 MiB and 1 GiB. Hardware sets A on use and D on a write
 * when the PASID entry's SSADE is set; software cleans by clearing D.
 */
public final class VtdSecondStageFormat extends AccessDirtyBitFormat {
    static final long R = bit(0);
    static final long W = bit(1);
    static final long PS = bit(7);
    static final long A = bit(8);
    static final long D = bit(9);
    static final long SNP = bit(11);
    static final long ADDR = mask(51, 12);

    private VtdSecondStageFormat(int levels) {
        super("vtdss-" + levels + "level", 12, 9, levels, 12 + 9 * levels, 52, A, D);
    }

    public static VtdSecondStageFormat of(int levels) {
        if (levels < 3 || levels > 5) {
            throw new IllegalArgumentException("VT-d second stage has 3, 4 or 5 levels, not " + levels);
        }
        return new VtdSecondStageFormat(levels);
    }

    @Override
    long computeLeafSizes(int level) {
        return level <= 2 ? bit(12 + 9 * level) : 0;
    }

    @Override
    public int kind(long pte, int level) {
        if ((pte & (R | W)) == 0) {
            return EMPTY;
        }
        return level == 0 || (pte & PS) != 0 ? LEAF : TABLE;
    }

    @Override
    public long tablePa(long pte) {
        return pte & ADDR;
    }

    @Override
    public long encodeTable(long tablePa, int level) {
        return R | W | (tablePa & ADDR);
    }

    @Override
    public long encodeLeaf(long pa, int level, int sizeShift, int prot) {
        long e = pa & ADDR;
        if ((prot & Prot.READ) != 0) {
            e |= R;
        }
        if ((prot & Prot.WRITE) != 0) {
            e |= W;
        }
        return level > 0 ? e | PS : e;
    }

    @Override
    public long leafPa(long pte, int level) {
        return pte & ADDR;
    }

    @Override
    public int prot(long pte) {
        return (int) (pte & 3); // R=READ, W=WRITE, bit for bit
    }

    @Override
    public List<EntryField> decode(long pte, int level) {
        List<EntryField> f = new ArrayList<>();
        int kind = kind(pte, level);
        flag(f, "R", 0, pte, kind == TABLE ? "read allowed below" : "DMA read allowed (R or W = present)");
        flag(f, "W", 1, pte, kind == TABLE ? "write allowed below" : "DMA write allowed (R or W = present)");
        if (kind == EMPTY) {
            return f;
        }
        if (level > 0) {
            flag(f, "PS", 7, pte, (pte & PS) != 0 ? "page size: " + size(1L << itemShift(level)) + " leaf"
                : "points to a table");
        }
        flag(f, "A", 8, pte, "accessed, set by hardware when SSADE is on");
        if (kind == LEAF) {
            flag(f, "D", 9, pte, "dirty, set by hardware on a write when SSADE is on");
        }
        flag(f, "SNP", 11, pte, "snoop");
        f.add(new EntryField("Address", 51, 12, pte & ADDR, kind == TABLE ? "next-table physical address"
            : "output address of the " + size(1L << itemShift(level)) + " page"));
        return f;
    }
}

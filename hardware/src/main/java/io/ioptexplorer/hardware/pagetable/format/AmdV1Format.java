package io.ioptexplorer.hardware.pagetable.format;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;

/**
 * AMD IOMMU v1 host page table (AMD IOMMU spec 2.2.3; modelled after {@code drivers/iommu/generic_pt/fmt/amdv1.h}).
 *
 * <ul>
 *   <li>PR bit 0; A bit 5 (<b>unverified</b>: Linux defines no host Accessed bit); D bit 6 (spec 2.2.3.2);
 *       NextLevel bits 11:9; output address bits 51:12; U 59; FC 60; IR 61; IW 62.</li>
 *   <li>NextLevel 0 is a leaf of the level's default size; 1..6 points to a table of that (1-based) level;
 *       7 is a leaf whose size is a run of 1s in the low address bits (size 2^n: address field bits [n-2:12] set,
 *       bit n-1 clear) and which is replicated into every slot it spans.</li>
 *   <li>Every power-of-two leaf size from the granule up is possible below level 5, except 512 GiB (hardware
 *       erratum, comment in amdv1.h). Level 0 entries are always leaves.</li>
 *   <li>Dirty of a replicated leaf is the OR of all replicas (hardware may set D in only the copy it walked);
 *       cleaning clears every replica (the walker does the OR and the loop, this class one entry).</li>
 *   <li>Table entries always carry IR|IW, so permissions come from the leaf (amdv1.h install_table).</li>
 * </ul>
 *
 * <p>Also serves as the iommufd selftest mock (amdv1 built with {@code AMDV1_IOMMUFD_SELFTEST}, fmt/iommu_mock.c):
 * a 2 KiB granule, 4 KiB table memory of 512 entries, address field holding PA / 2 KiB.
 */
public final class AmdV1Format extends AccessDirtyBitFormat {
    static final long PR = bit(0);
    static final long A = bit(5);
    static final long D = bit(6);
    static final int NL_SHIFT = 9;
    static final long NL = mask(11, 9);
    static final long OA = mask(51, 12);
    static final long U = bit(59);
    static final long FC = bit(60);
    static final long IR = bit(61);
    static final long IW = bit(62);
    static final int NL_SIZE = 7;
    /** amdv1.h: level 5 (DTE mode 6) cannot hold leaves. */
    static final int MAX_TOP_LEVEL = 5;

    /**
     * Whether the address field holds the physical address itself (a 4 KiB granule): every host table. The DMA walk
     * decodes a table address at each level, so this spares it two dependent shifts per level (WriteWalkBenchmark).
     */
    private final boolean addressInPlace;

    private AmdV1Format(String name, int granuleShift, int levels, int vaBits, int oaBits) {
        super(name, granuleShift, 9, levels, vaBits, oaBits, A, D);
        this.addressInPlace = granuleShift == 12;
    }

    /** The host v1 table with 3..6 levels (DTE Mode = levels); 6 levels cover the full 64-bit IOVA space. */
    public static AmdV1Format host(int levels) {
        if (levels < 3 || levels > 6) {
            throw new IllegalArgumentException("AMD v1 has 3 to 6 levels, not " + levels);
        }
        int va = levels == 6 ? 64 : 12 + 9 * levels;
        return new AmdV1Format("amdv1-" + levels + "level", 12, levels, va, 52);
    }

    /**
     * The iommufd selftest mock: amdv1 with a 2 KiB granule, offering 2 KiB pages and 1 MiB huge pages
     * (MOCK_PAGE_SIZE, MOCK_HUGE_PAGE_SIZE). Three levels and a 38-bit IOVA, as {@code starting_level = 2} in the
     * selftest's mock domain allocation ({@code drivers/iommu/iommufd/selftest.c}). The kernel's MOCK_IOMMUPT_HUGE
     * domain also lists the host PAGE_SIZE (4 KiB, a 2-slot replicated leaf) so iommufd accepts it; this descriptor
     * offers only the two sizes the selftest maps with. Its output address has 51 bits (amdv1.h under
     * {@code AMDV1_IOMMUFD_SELFTEST}: {@code PT_MAX_OUTPUT_ADDRESS_LG2 = 51}): the address field, bits 51:12, holds
     * PA / 2 KiB.
     */
    public static AmdV1Format mock() {
        return new AmdV1Format("mock", 11, 3, 11 + 27, 51);
    }

    @Override
    long computeLeafSizes(int level) {
        // ">" is an equivalent mutant (issue 16): a level-5 item is 2^57 bytes, past the 52-bit output address
        if (level >= MAX_TOP_LEVEL) {
            return 0;
        }
        int isz = itemShift(level);
        long sizes = mask(Math.min(51, isz + 8), isz) & ~bit(39);
        return sizes & maskFor();
    }

    // computeLeafSizes runs inside the super constructor, so the mock's restriction to 2 KiB and 1 MiB is keyed on
    // its granule rather than on a field.
    private long maskFor() {
        return granuleShift() == 11 ? bit(11) | bit(20) : -1L;
    }

    @Override
    public int kind(long pte, int level) {
        if ((pte & PR) == 0) {
            return EMPTY;
        }
        // NextLevel 1..6 is a table: one unsigned range compare (nl - 1 < 6) rather than two, on the DMA walk's
        // path at every level (WriteWalkBenchmark)
        int nl = (int) ((pte & NL) >>> NL_SHIFT);
        return level != 0 && Integer.compareUnsigned(nl - 1, NL_SIZE - 1) < 0 ? TABLE : LEAF;
    }

    /** NextLevel = 7: a leaf whose size is coded in its address field. One expression, so the JIT tests it once. */
    private static boolean sizedLeaf(long pte) {
        return (pte & NL) == NL;
    }

    @Override
    public boolean isSingleSlotLeaf(long pte, int level) {
        if (level != 0) {
            return kind(pte, level) == LEAF && contigShift(pte, level) == 0;
        }
        return (pte & PR) != 0 && !sizedLeaf(pte); // level 0: any present entry is a leaf
    }

    private long field(long pa) {
        return ((pa >>> granuleShift()) << 12) & OA;
    }

    private long unfield(long pte) {
        return addressInPlace ? pte & OA : ((pte & OA) >>> 12) << granuleShift();
    }

    @Override
    public long tablePa(long pte) {
        return unfield(pte);
    }

    @Override
    public long nextTablePa(long pte, int level) {
        // Present with NextLevel = level, as encodeTable writes it: one mask and compare (the spec's NextLevel is
        // the next table's level, 1-based). Anything else takes the full decode.
        if (level != 0 && (pte & (PR | NL)) == (PR | ((long) level << NL_SHIFT))) {
            return unfield(pte);
        }
        return super.nextTablePa(pte, level);
    }

    @Override
    public long encodeTable(long tablePa, int level) {
        return PR | ((long) level << NL_SHIFT) | field(tablePa) | IR | IW;
    }

    @Override
    public long encodeLeaf(long pa, int level, int sizeShift, int prot) {
        long e = PR | field(pa);
        if ((prot & Prot.READ) != 0) {
            e |= IR;
        }
        if ((prot & Prot.WRITE) != 0) {
            e |= IW;
        }
        if (sizeShift != itemShift(level)) {
            long code = (1L << (sizeShift - granuleShift() - 1)) - 1;
            e |= ((long) NL_SIZE << NL_SHIFT) | ((code << 12) & OA);
        }
        return e;
    }

    @Override
    public int contigShift(long pte, int level) {
        return sizedLeaf(pte) ? sizeShiftOf(pte) - itemShift(level) : 0;
    }

    /** Size of a NextLevel=7 leaf: the run of 1s in the address field, plus one. */
    private int sizeShiftOf(long pte) {
        long f = (pte & OA) >>> 12;
        return Long.numberOfTrailingZeros(~f) + 1 + granuleShift();
    }

    @Override
    public long leafPa(long pte, int level) {
        if (!sizedLeaf(pte)) {
            return unfield(pte);
        }
        long f = (pte & OA) >>> 12;
        int ones = Long.numberOfTrailingZeros(~f);
        f &= -(1L << (ones + 1));
        return f << granuleShift();
    }

    @Override
    public int prot(long pte) {
        // IR (bit 61) and IW (bit 62) are READ and WRITE shifted: one shift, no branch on the DMA walk's leaf
        return (int) (pte >>> 61) & (Prot.READ | Prot.WRITE);
    }

    @Override
    public List<EntryField> decode(long pte, int level) {
        List<EntryField> f = new ArrayList<>();
        int kind = kind(pte, level);
        flag(f, "PR", 0, pte, "present");
        if (kind == EMPTY) {
            return f;
        }
        int nl = (int) ((pte & NL) >>> NL_SHIFT);
        if (kind == TABLE) {
            f.add(new EntryField("NextLevel", 11, 9, nl, "points to a level-" + nl + " table"));
            f.add(new EntryField("Address", 51, 12, tablePa(pte), "next-table physical address"));
        } else {
            flag(f, "A", 5, pte, "host accessed (bit position unverified: not defined in Linux)");
            flag(f, "D", 6, pte, "host dirty, set by hardware on a write (spec 2.2.3.2)");
            int shift = nl == NL_SIZE ? sizeShiftOf(pte) : itemShift(level);
            String meaning = nl == NL_SIZE
                ? "7: size in address bits, " + size(1L << shift) + " replicated in "
                    + (1L << (shift - itemShift(level))) + " slots (D = OR of all)"
                : "0: leaf of the level's default size, " + size(1L << shift);
            f.add(new EntryField("NextLevel", 11, 9, nl, meaning));
            f.add(new EntryField("Address", 51, 12, leafPa(pte, level), "output address of the " + size(1L << shift)
                + " page" + (nl == NL_SIZE ? " (low bits encode the size)" : "")));
        }
        flag(f, "U", 59, pte, "untranslated access");
        flag(f, "FC", 60, pte, "force coherent");
        flag(f, "IR", 61, pte, kind == TABLE ? "read allowed below (always set by Linux)" : "DMA read allowed");
        flag(f, "IW", 62, pte, kind == TABLE ? "write allowed below (always set by Linux)" : "DMA write allowed");
        return f;
    }
}

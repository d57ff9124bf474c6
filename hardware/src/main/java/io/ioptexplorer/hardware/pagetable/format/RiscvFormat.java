package io.ioptexplorer.hardware.pagetable.format;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.FaultReason;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;

/**
 * RISC-V IOMMU first-stage Sv39 / Sv48 / Sv57 tables (modelled after {@code drivers/iommu/generic_pt/fmt/riscv.h}
 * and {@code drivers/iommu/riscv/iommu-bits.h}): V 0, R 1, W 2, X 3, U 4, G 5, A 6, D 7, RSW 9:8, PPN 53:10,
 * PBMT 62:61, N 63. A leaf is any valid entry with R|W|X set, at any level.
 *
 * <p>Linux pre-sets A in every leaf and D in every writable leaf, and publishes no dirty ops for RISC-V
 * ({@link #upstreamDirtyOps()} is false); the simulator still lets hardware set A/D and software clear D, so the
 * format can be explored. Svnapot (N, 64 KiB) is not modelled. W without R is a reserved encoding, so a write-only
 * mapping is written R|W. Without hardware A/D update (Svade) a write to a leaf whose D is clear faults.
 */
public final class RiscvFormat extends AccessDirtyBitFormat {
    static final long V = bit(0);
    static final long R = bit(1);
    static final long W = bit(2);
    static final long X = bit(3);
    static final long A = bit(6);
    static final long D = bit(7);
    static final long PPN = mask(53, 10);

    private RiscvFormat(String mode, int levels) {
        super(mode, 12, 9, levels, 12 + 9 * levels, 56, A, D);
    }

    /** {@code "sv39"}, {@code "sv48"} or {@code "sv57"}. */
    public static RiscvFormat of(String mode) {
        return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "sv39" -> new RiscvFormat("sv39", 3);
            case "sv48" -> new RiscvFormat("sv48", 4);
            case "sv57" -> new RiscvFormat("sv57", 5);
            default -> throw new IllegalArgumentException("unknown RISC-V mode " + mode + " (sv39, sv48, sv57)");
        };
    }

    @Override
    long computeLeafSizes(int level) {
        return bit(12 + 9 * level);
    }

    @Override
    public int kind(long pte, int level) {
        if ((pte & V) == 0) {
            return EMPTY;
        }
        if ((pte & (R | W | X)) != 0) {
            return LEAF;
        }
        return level == 0 ? EMPTY : TABLE; // a pointer at level 0 is invalid; hardware faults, we call it absent
    }

    private static long ppn(long pa) {
        return ((pa >>> 12) << 10) & PPN;
    }

    @Override
    public long tablePa(long pte) {
        return ((pte & PPN) >>> 10) << 12;
    }

    @Override
    public long encodeTable(long tablePa, int level) {
        return V | ppn(tablePa);
    }

    @Override
    public long encodeLeaf(long pa, int level, int sizeShift, int prot) {
        long e = V | R | A | ppn(pa);
        if ((prot & Prot.WRITE) != 0) {
            e |= W | D;
        }
        return e;
    }

    @Override
    public long leafPa(long pte, int level) {
        return tablePa(pte);
    }

    @Override
    public int prot(long pte) {
        // encodeLeaf sets R on every leaf, so "R always set" survives mutation as equivalent (issue 16)
        return ((pte & R) != 0 ? Prot.READ : 0) | ((pte & W) != 0 ? Prot.WRITE : 0);
    }

    @Override
    public FaultReason checkAccess(long pte, boolean write, boolean hwDirtyUpdate) {
        FaultReason r = super.checkAccess(pte, write, hwDirtyUpdate);
        if (r == null && write && !hwDirtyUpdate && (pte & D) == 0) {
            return FaultReason.WRITE_TO_READ_ONLY; // Svade: a store to a D=0 leaf raises a page fault
        }
        return r;
    }

    @Override
    public boolean writableLeavesStartDirty() {
        return true;
    }

    @Override
    public boolean upstreamDirtyOps() {
        return false;
    }

    @Override
    public List<EntryField> decode(long pte, int level) {
        List<EntryField> f = new ArrayList<>();
        int kind = kind(pte, level);
        flag(f, "V", 0, pte, "valid");
        if ((pte & V) == 0) {
            return f;
        }
        String leaf = kind == LEAF ? "" : " (0 in a pointer to the next table)";
        flag(f, "R", 1, pte, "readable" + leaf);
        flag(f, "W", 2, pte, "writable" + leaf);
        flag(f, "X", 3, pte, "executable" + leaf);
        flag(f, "U", 4, pte, "user");
        flag(f, "G", 5, pte, "global");
        flag(f, "A", 6, pte, "accessed (Linux pre-sets it; hardware sets it when A/D update is enabled)");
        flag(f, "D", 7, pte, "dirty (Linux pre-sets it on writable leaves; no upstream dirty tracking)");
        field(f, "RSW", 9, 8, pte, "reserved for software");
        f.add(new EntryField("PPN", 53, 10, tablePa(pte), kind == TABLE ? "next-table physical address"
            : "output address of the " + size(1L << itemShift(level)) + " page"));
        field(f, "PBMT", 62, 61, pte, "page-based memory type");
        flag(f, "N", 63, pte, "Svnapot (not modelled)");
        return f;
    }
}

package io.ioptexplorer.hardware.pagetable;

/**
 * The leaf bits of each format written down a second time, from the specifications and kernel headers rather than
 * from the simulator (reference/dirty-tracking.md section 4), so a test can read raw entries without asking the
 * format that wrote them. A mutant that moves a bit (VT-d Dirty from 9 to 10) stays self-consistent inside the
 * simulator; only an independent reading of the raw entry sees it.
 */
enum SpecLeafBits {
    /** drivers/iommu/generic_pt/fmt/amdv1.h, AMD IOMMU spec 2.2.3: PR 0, A 5 (unverified), D 6, NextLevel 11:9, IR 61, IW 62. */
    AMD_V1(bits(0, 5, 6, 9, 10, 11, 61, 62), 0x000F_FFFF_FFFF_F000L),
    /** drivers/iommu/generic_pt/fmt/vtdss.h: R 0, W 1, PS 7, A 8, D 9. */
    VTD_SS(bits(0, 1, 7, 8, 9), 0x000F_FFFF_FFFF_F000L),
    /** io-pgtable-arm.c stage 1: valid 0, type 1, attributes 11:2 (AP[2] = 7, AF = 10), DBM 51. */
    SMMU_S1(bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 51), 0x0000_FFFF_FFFF_F000L),
    /** Arm ARM stage 2: valid 0, type 1, MemAttr 5:2, S2AP 7:6, SH 9:8, AF 10, DBM 51. */
    SMMU_S2(bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 51), 0x0000_FFFF_FFFF_F000L),
    /** drivers/iommu/generic_pt/fmt/riscv.h: V 0, R 1, W 2, X 3, U 4, G 5, A 6, D 7, PPN 53:10, N 63. */
    RISCV(bits(0, 1, 2, 3, 4, 5, 6, 7, 63), 0x003F_FFFF_FFFF_FC00L);

    /** Flag bits a leaf may carry; any other bit outside the address field is a misplaced flag. */
    final long flags;
    final long address;

    SpecLeafBits(long flags, long address) {
        this.flags = flags;
        this.address = address;
    }

    static long bits(int... ns) {
        long v = 0;
        for (int n : ns) {
            v |= 1L << n;
        }
        return v;
    }

    static SpecLeafBits of(PageTableFormat f) {
        String n = f.name();
        if (n.startsWith("amdv1") || n.equals("mock")) {
            return AMD_V1;
        }
        if (n.startsWith("vtdss")) {
            return VTD_SS;
        }
        if (n.startsWith("smmuv3-s1")) {
            return SMMU_S1;
        }
        if (n.startsWith("smmuv3-s2")) {
            return SMMU_S2;
        }
        if (n.startsWith("riscv") || n.startsWith("sv")) {
            return RISCV;
        }
        throw new IllegalArgumentException("no specification bits written down for format " + n);
    }

    private static boolean bit(long pte, int n) {
        return (pte >>> n & 1) != 0;
    }

    /** Whether {@code pte} at {@code level} is a leaf, read as the hardware walker would. */
    boolean isLeaf(long pte, int level) {
        return switch (this) {
            case AMD_V1 -> bit(pte, 0) && (level == 0 || ((pte >>> 9) & 7) == 0 || ((pte >>> 9) & 7) == 7);
            case VTD_SS -> (bit(pte, 0) || bit(pte, 1)) && (level == 0 || bit(pte, 7));
            case SMMU_S1, SMMU_S2 -> bit(pte, 0) && (level == 0 ? bit(pte, 1) : !bit(pte, 1));
            case RISCV -> bit(pte, 0) && (pte & bits(1, 2, 3)) != 0;
        };
    }

    boolean readable(long pte) {
        return switch (this) {
            case AMD_V1 -> bit(pte, 61);
            case VTD_SS -> bit(pte, 0);
            case SMMU_S1 -> true; // a valid stage-1 leaf always allows reads (AP[1] is the unprivileged bit)
            case SMMU_S2 -> bit(pte, 6);
            case RISCV -> bit(pte, 1);
        };
    }

    /** Writable by DMA, now or after hardware's dirty update (DBM marks a writable-clean Arm leaf). */
    boolean writable(long pte) {
        return switch (this) {
            case AMD_V1 -> bit(pte, 62);
            case VTD_SS -> bit(pte, 1);
            case SMMU_S1 -> bit(pte, 51) || !bit(pte, 7);
            case SMMU_S2 -> bit(pte, 51) || bit(pte, 7);
            case RISCV -> bit(pte, 2);
        };
    }

    boolean dirty(long pte) {
        return switch (this) {
            case AMD_V1 -> bit(pte, 6);
            case VTD_SS -> bit(pte, 9);
            case SMMU_S1 -> bit(pte, 51) && !bit(pte, 7); // iopte_writeable_dirty: (pte & (AP_RDONLY|DBM)) == DBM
            case SMMU_S2 -> bit(pte, 51) && bit(pte, 7);
            case RISCV -> bit(pte, 7);
        };
    }

    boolean accessed(long pte) {
        return switch (this) {
            case AMD_V1 -> bit(pte, 5);
            case VTD_SS -> bit(pte, 8);
            case SMMU_S1, SMMU_S2 -> bit(pte, 10);
            case RISCV -> bit(pte, 6);
        };
    }
}

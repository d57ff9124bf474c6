package io.ioptexplorer.hardware.pagetable.format;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.FaultReason;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;

/**
 * Arm SMMUv3 VMSAv8-64 translation tables, stage 1 or stage 2, with a 4 KiB, 16 KiB or 64 KiB granule and a 48-bit
 * IOVA (modelled after {@code drivers/iommu/io-pgtable-arm.c}). Bits [1:0]: 11 = page at level 0 or table above,
 * 01 = block. Output address bits 47:granule. AF bit 10, DBM bit 51, SH 9:8 inner-shareable.
 * Leaf sizes per {@code arm_lpae_restrict_pgsizes}: 4K granule 4K/2M/1G, 16K granule 16K/32M, 64K granule 64K/512M.
 *
 * <p>Stage 1 (as Linux with the HD quirk): nG bit 11, AP[1] bit 6 (unprivileged), AP[2] bit 7 (read-only),
 * AttrIndx 4:2 = 1 (cacheable). A writable leaf gets DBM=1 and AP[2]=0, i.e. it starts writable-dirty
 * (the reference marks this detail <b>unverified</b>). Dirty = DBM set and AP[2] clear; hardware clears AP[2] on the
 * first write; cleaning sets AP[2] again ({@code iopte_set_writeable_clean}). AF is pre-set by Linux.
 *
 * <p>Stage 2 (<b>unverified</b>: architecture encoding, not used by the Linux SMMUv3 driver): S2AP[0] bit 6 read,
 * S2AP[1] bit 7 write, MemAttr 5:2 = 1111. A writable leaf gets DBM=1 and S2AP[1]=0 (writable-clean, this
 * simulator's choice); hardware sets S2AP[1] on a write, so dirty = DBM and S2AP[1] set; cleaning clears S2AP[1].
 *
 * <p>Without hardware dirty update (HTTU HD off) a write to a writable-clean leaf is a permission fault.
 */
public final class SmmuV3Format extends AbstractFormat {
    static final long VALID = bit(0);
    static final long TYPE = bit(1);
    static final long AP1 = bit(6);
    static final long AP2 = bit(7);
    static final long S2AP_R = bit(6);
    static final long S2AP_W = bit(7);
    static final long SH_IS = mask(9, 8);
    static final long AF = bit(10);
    static final long NG = bit(11);
    static final long DBM = bit(51);
    static final long ATTRINDX_CACHE = 1L << 2;
    static final long S2_MEMATTR_WB = 0xFL << 2;

    private final int stage;
    private final long addrMask;

    private SmmuV3Format(int stage, int granuleShift) {
        super("smmuv3-s" + stage + "-" + (1 << (granuleShift - 10)) + "k", granuleShift, granuleShift - 3,
            ceilDiv(48 - granuleShift, granuleShift - 3), 48, 48);
        this.stage = stage;
        this.addrMask = mask(47, granuleShift);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Stage 1 or 2 with a granule of 4096, 16384 or 65536 bytes. */
    public static SmmuV3Format of(int stage, long granule) {
        if (stage != 1 && stage != 2) {
            throw new IllegalArgumentException("SMMUv3 stage is 1 or 2, not " + stage);
        }
        if (granule != 4096 && granule != 16384 && granule != 65536) {
            throw new IllegalArgumentException("SMMUv3 granule is 4, 16 or 64 KiB, not " + granule);
        }
        return new SmmuV3Format(stage, Long.numberOfTrailingZeros(granule));
    }

    public int stage() {
        return stage;
    }

    @Override
    long computeLeafSizes(int level) {
        int g = granuleShift();
        int isz = itemShift(level);
        if (level == 0 || level == 1) {
            return bit(isz);
        }
        return level == 2 && g == 12 ? bit(isz) : 0; // only the 4K granule has 1 GiB blocks
    }

    @Override
    public int kind(long pte, int level) {
        if ((pte & VALID) == 0) {
            return EMPTY;
        }
        boolean typeBit = (pte & TYPE) != 0;
        if (level == 0) {
            return typeBit ? LEAF : EMPTY; // 01 at level 3 (Arm numbering) is reserved: invalid
        }
        return typeBit ? TABLE : LEAF;
    }

    @Override
    public long tablePa(long pte) {
        return pte & mask(47, 12);
    }

    @Override
    public long encodeTable(long tablePa, int level) {
        return VALID | TYPE | (tablePa & mask(47, 12));
    }

    @Override
    public long encodeLeaf(long pa, int level, int sizeShift, int prot) {
        long e = VALID | (level == 0 ? TYPE : 0) | (pa & addrMask) | SH_IS | AF;
        boolean w = (prot & Prot.WRITE) != 0;
        if (stage == 1) {
            e |= NG | AP1 | ATTRINDX_CACHE;
            e |= w ? DBM : AP2;
        } else {
            e |= S2_MEMATTR_WB;
            if ((prot & Prot.READ) != 0) {
                e |= S2AP_R;
            }
            if (w) {
                e |= DBM;
            }
        }
        return e;
    }

    @Override
    public long leafPa(long pte, int level) {
        return pte & addrMask;
    }

    @Override
    public int prot(long pte) {
        if (stage == 1) {
            // Either half of this test alone is enough for the entries encodeLeaf writes (every writable stage-1
            // leaf has DBM), so mutating the AP[2] half survives as equivalent (issue 16).
            boolean w = (pte & DBM) != 0 || (pte & AP2) == 0;
            return Prot.READ | (w ? Prot.WRITE : 0);
        }
        boolean w = (pte & DBM) != 0 || (pte & S2AP_W) != 0;
        return ((pte & S2AP_R) != 0 ? Prot.READ : 0) | (w ? Prot.WRITE : 0);
    }

    @Override
    public boolean isAccessed(long pte) {
        return (pte & AF) != 0;
    }

    @Override
    public boolean isDirty(long pte) {
        if (stage == 1) {
            return (pte & (AP2 | DBM)) == DBM; // iopte_writeable_dirty
        }
        return (pte & (S2AP_W | DBM)) == (S2AP_W | DBM);
    }

    @Override
    public long markAccessed(long pte) {
        return pte | AF;
    }

    @Override
    public long clearAccessed(long pte) {
        return pte & ~AF;
    }

    @Override
    public long markDirty(long pte) {
        if ((pte & DBM) == 0) {
            return pte; // hardware only updates entries marked dirty-bit-modifier
        }
        return stage == 1 ? pte & ~AP2 : pte | S2AP_W;
    }

    /**
     * {@code iopte_set_writeable_clean}. Mutating the DBM test into "never" is equivalent (issue 16): this format
     * writes no entry that is writable without DBM, so AP[2] is already set, or S2AP[1] already clear, on the rest.
     */
    @Override
    public long makeClean(long pte) {
        if ((pte & DBM) == 0) {
            return pte;
        }
        return stage == 1 ? pte | AP2 : pte & ~S2AP_W;
    }

    @Override
    public FaultReason checkAccess(long pte, boolean write, boolean hwDirtyUpdate) {
        FaultReason r = super.checkAccess(pte, write, hwDirtyUpdate);
        if (r == null && write && !hwDirtyUpdate) {
            boolean hwWritable = stage == 1 ? (pte & AP2) == 0 : (pte & S2AP_W) != 0;
            if (!hwWritable) {
                return FaultReason.WRITE_TO_READ_ONLY; // writable-clean needs HTTU HD to become dirty
            }
        }
        return r;
    }

    @Override
    public boolean writableLeavesStartDirty() {
        return stage == 1;
    }

    @Override
    public boolean upstreamDirtyOps() {
        return stage == 1; // Linux supports dirty reads only for ARM_64_LPAE_S1
    }

    @Override
    public List<EntryField> decode(long pte, int level) {
        List<EntryField> f = new ArrayList<>();
        int kind = kind(pte, level);
        flag(f, "Valid", 0, pte, "descriptor valid");
        if ((pte & VALID) == 0) {
            return f;
        }
        flag(f, "Type", 1, pte, level == 0 ? "1 = page (0 reserved at the last level)"
            : "1 = table, 0 = block");
        if (kind == TABLE) {
            f.add(new EntryField("Address", 47, 12, tablePa(pte), "next-level table address"));
            return f;
        }
        String s2 = stage == 2 ? " (stage-2 encoding unverified)" : "";
        if (stage == 1) {
            field(f, "AttrIndx", 4, 2, pte, "MAIR index (1 = cacheable)");
            flag(f, "AP[1]", 6, pte, "unprivileged access");
            flag(f, "AP[2]", 7, pte, "read-only; with DBM: 1 = writable-clean, 0 = writable-dirty (a fresh writable "
                + "leaf starts dirty as Linux maps it: unverified)");
        } else {
            field(f, "MemAttr", 5, 2, pte, "stage-2 memory attributes" + s2);
            flag(f, "S2AP[0]", 6, pte, "read allowed" + s2);
            flag(f, "S2AP[1]", 7, pte, "write allowed; with DBM: 0 = writable-clean, 1 = dirty" + s2);
        }
        field(f, "SH", 9, 8, pte, "shareability (3 = inner)");
        flag(f, "AF", 10, pte, "access flag (Linux pre-sets it)");
        if (stage == 1) {
            flag(f, "nG", 11, pte, "not global");
        }
        f.add(new EntryField("Address", 47, granuleShift(), leafPa(pte, level),
            "output address of the " + size(1L << itemShift(level)) + (level == 0 ? " page" : " block")));
        flag(f, "DBM", 51, pte, "dirty bit modifier: hardware may make the entry dirty on a write" + s2);
        field(f, "XN", 54, 53, pte, "execute never");
        field(f, "SW", 58, 55, pte, "software bits");
        return f;
    }
}

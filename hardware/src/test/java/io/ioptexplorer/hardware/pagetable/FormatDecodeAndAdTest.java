package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What each format descriptor says about one entry, checked against the bit tables of reference/dirty-tracking.md §4
 * (issue 16's mutation survivors in {@code pagetable.format}): the inspector's field list ({@code decode}, which
 * draws the bit diagram), the Accessed and Dirty operations one by one (mark, test, clean, clear), permissions,
 * encoding of read-only and write-only leaves, and the geometry (levels and leaf sizes) per granule.
 */
class FormatDecodeAndAdTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;
    private static final long G1 = 1L << 30;
    private static final int RW = Prot.READ | Prot.WRITE;

    /** "NAME[hi:lo]=0xVALUE" for each field, in the order the inspector lists them. */
    private static String fields(PageTableFormat f, long pte, int level) {
        return f.decode(pte, level).stream()
                .map(e -> e.name() + "[" + e.hiBit() + ":" + e.loBit() + "]=0x" + Long.toHexString(e.value()))
                .collect(Collectors.joining(" "));
    }

    private static String meaning(PageTableFormat f, long pte, int level, String field) {
        return f.decode(pte, level).stream().filter(e -> e.name().equals(field)).findFirst().orElseThrow().meaning();
    }

    // ---------------------------------------------------------------- VT-d second stage (§4.2)

    @Test
    void vtdFieldsOfADirtyTwoMibLeafATableAndAnEmptyEntry() {
        PageTableFormat f = PageTableFormats.vtdSecondStage(4);
        long pa = 0x12_3460_0000L;
        long leaf = f.markDirty(f.markAccessed(f.encodeLeaf(pa, 1, 21, RW)));
        assertThat(leaf).isEqualTo(pa | 1L | 2L | 1L << 7 | 1L << 8 | 1L << 9);
        assertThat(fields(f, leaf, 1)).isEqualTo(
                "R[0:0]=0x1 W[1:1]=0x1 PS[7:7]=0x1 A[8:8]=0x1 D[9:9]=0x1 SNP[11:11]=0x0 Address[51:12]=0x1234600000");
        assertThat(meaning(f, leaf, 1, "PS")).contains("2 MiB leaf");
        assertThat(meaning(f, leaf, 1, "Address")).contains("2 MiB page");
        long table = f.encodeTable(0xabc000, 1);
        // a table entry has no D (meaningful on leaves only) and PS = 0
        assertThat(fields(f, table, 1)).isEqualTo(
                "R[0:0]=0x1 W[1:1]=0x1 PS[7:7]=0x0 A[8:8]=0x0 SNP[11:11]=0x0 Address[51:12]=0xabc000");
        assertThat(meaning(f, table, 1, "PS")).isEqualTo("points to a table");
        long small = f.encodeLeaf(0x5000, 0, 12, Prot.READ);
        assertThat(fields(f, small, 0)).isEqualTo(
                "R[0:0]=0x1 W[1:1]=0x0 A[8:8]=0x0 D[9:9]=0x0 SNP[11:11]=0x0 Address[51:12]=0x5000");
        assertThat(fields(f, 0, 0)).isEqualTo("R[0:0]=0x0 W[1:1]=0x0");
        assertThat(f.decode(0, 0).get(0).meaning()).contains("DMA read");
        assertThat(f.decode(table, 1).get(0).meaning()).contains("below");
    }

    @Test
    void vtdEncodesPermissionsBitForBitAndChecksThem() {
        PageTableFormat f = PageTableFormats.vtdSecondStage(3);
        assertThat(f.encodeLeaf(0x7000, 0, 12, Prot.WRITE)).isEqualTo(0x7000L | 2L); // W without R is present
        assertThat(f.prot(f.encodeLeaf(0x7000, 0, 12, Prot.WRITE))).isEqualTo(Prot.WRITE);
        assertThat(f.checkAccess(f.encodeLeaf(0x7000, 0, 12, Prot.WRITE), false, true))
                .isEqualTo(FaultReason.READ_NOT_PERMITTED);
        assertThat(f.checkAccess(f.encodeLeaf(0x7000, 0, 12, Prot.READ), true, true))
                .isEqualTo(FaultReason.WRITE_TO_READ_ONLY);
        assertThat(f.checkAccess(f.encodeLeaf(0x7000, 0, 12, RW), true, true)).isNull();
    }

    // ---------------------------------------------------------------- AMD v1 (§4.1)

    @Test
    void amdFieldsOfADirtyLeafAndATable() {
        PageTableFormat f = PageTableFormats.amdV1(4);
        long pa = 0x4_0020_0000L;
        long leaf = f.markDirty(f.markAccessed(f.encodeLeaf(pa, 1, 21, RW)));
        assertThat(leaf).isEqualTo(pa | 1L | 1L << 5 | 1L << 6 | 1L << 61 | 1L << 62);
        assertThat(fields(f, leaf, 1)).isEqualTo("PR[0:0]=0x1 A[5:5]=0x1 D[6:6]=0x1 NextLevel[11:9]=0x0"
                + " Address[51:12]=0x400200000 U[59:59]=0x0 FC[60:60]=0x0 IR[61:61]=0x1 IW[62:62]=0x1");
        assertThat(meaning(f, leaf, 1, "NextLevel")).isEqualTo("0: leaf of the level's default size, 2 MiB");
        // NextLevel 7: a 16 KiB page replicated in 4 slots, its size in the low address bits
        long big = f.encodeLeaf(0x10000, 0, 14, Prot.READ);
        assertThat(fields(f, big, 0)).isEqualTo("PR[0:0]=0x1 A[5:5]=0x0 D[6:6]=0x0 NextLevel[11:9]=0x7"
                + " Address[51:12]=0x10000 U[59:59]=0x0 FC[60:60]=0x0 IR[61:61]=0x1 IW[62:62]=0x0");
        assertThat(meaning(f, big, 0, "NextLevel")).isEqualTo("7: size in address bits, 16 KiB replicated in 4 slots"
                + " (D = OR of all)");
        long table = f.encodeTable(0x9000, 2);
        assertThat(fields(f, table, 2)).isEqualTo("PR[0:0]=0x1 NextLevel[11:9]=0x2 Address[51:12]=0x9000"
                + " U[59:59]=0x0 FC[60:60]=0x0 IR[61:61]=0x1 IW[62:62]=0x1");
        assertThat(meaning(f, table, 2, "IR")).contains("always set by Linux");
        assertThat(fields(f, 0, 0)).isEqualTo("PR[0:0]=0x0");
        assertThat(f.prot(f.encodeLeaf(0x9000, 0, 12, Prot.WRITE))).isEqualTo(Prot.WRITE);
    }

    @Test
    void amdGeometryPerLevelCount() {
        // Six levels cover the whole 64-bit space; level 5 (DTE mode 6) cannot hold leaves (amdv1.h).
        PageTableFormat six = PageTableFormats.amdV1(6);
        assertThat(six.maxIova()).isEqualTo(-1L);
        assertThat(six.leafSizesAt(5)).isZero();
        assertThat(six.leafSizesAt(4)).isNotZero();
        assertThat(six.leafSizesAt(6)).isZero();
        assertThat(PageTableFormats.amdV1(5).maxIova()).isEqualTo((1L << 57) - 1);
        assertThat(PageTableFormats.amdV1(3).leafSizesAt(-1)).isZero();
    }

    // ---------------------------------------------------------------- SMMUv3 / VMSAv8-64 (§4.3)

    @Test
    void smmuStageOneFieldsOfAWritableLeafAsItIsCleanedAndDirtied() {
        PageTableFormat f = PageTableFormats.smmuV3(1, K4);
        long pa = 0x8000_0000L;
        long leaf = f.encodeLeaf(pa, 0, 12, RW); // DBM set, AP[2] clear: writable-dirty as Linux maps it
        assertThat(f.isDirty(leaf)).isTrue();
        long clean = f.makeClean(leaf);          // iopte_set_writeable_clean: set AP[2]
        assertThat(clean).isEqualTo(leaf | 1L << 7);
        assertThat(f.isDirty(clean)).isFalse();
        assertThat(f.markDirty(clean)).isEqualTo(leaf); // hardware clears AP[2] on the first write
        assertThat(fields(f, clean, 0)).isEqualTo("Valid[0:0]=0x1 Type[1:1]=0x1 AttrIndx[4:2]=0x1 AP[1][6:6]=0x1"
                + " AP[2][7:7]=0x1 SH[9:8]=0x3 AF[10:10]=0x1 nG[11:11]=0x1 Address[47:12]=0x80000000 DBM[51:51]=0x1"
                + " XN[54:53]=0x0 SW[58:55]=0x0");
        assertThat(meaning(f, clean, 0, "Address")).isEqualTo("output address of the 4 KiB page");
        long block = f.encodeLeaf(0x4000_0000L, 2, 30, Prot.READ); // a 1 GiB block, read-only: AP[2], no DBM
        assertThat(meaning(f, block, 2, "Address")).isEqualTo("output address of the 1 GiB block");
        assertThat(meaning(f, block, 2, "Type")).isEqualTo("1 = table, 0 = block");
        assertThat(f.markDirty(block)).isEqualTo(block);  // without DBM hardware never makes it dirty
        assertThat(f.makeClean(block)).isEqualTo(block);
        assertThat(f.prot(block)).isEqualTo(Prot.READ);
        assertThat(f.prot(clean)).isEqualTo(RW);
        long table = f.encodeTable(0x5000, 1);
        assertThat(fields(f, table, 1)).isEqualTo("Valid[0:0]=0x1 Type[1:1]=0x1 Address[47:12]=0x5000");
        assertThat(fields(f, 0, 0)).isEqualTo("Valid[0:0]=0x0");
    }

    @Test
    void smmuAccessFlagIsBitTenAndCleaningItLeavesTheRest() {
        PageTableFormat f = PageTableFormats.smmuV3(1, K4);
        long leaf = f.encodeLeaf(0x8000_0000L, 0, 12, RW); // Linux pre-sets AF
        assertThat(f.isAccessed(leaf)).isTrue();
        long cleared = f.clearAccessed(leaf);
        assertThat(cleared).isEqualTo(leaf & ~(1L << 10));
        assertThat(f.isAccessed(cleared)).isFalse();
        assertThat(f.isDirty(cleared)).isTrue();
        assertThat(f.markAccessed(cleared)).isEqualTo(leaf);
    }

    @Test
    void smmuStageTwoUsesS2apForPermissionsAndDirtiness() {
        // Stage 2 (unverified in the reference): DBM=1 and S2AP[1]=0 writable-clean; hardware sets S2AP[1].
        PageTableFormat f = PageTableFormats.smmuV3(2, K4);
        long leaf = f.encodeLeaf(0x8000_0000L, 0, 12, RW);
        assertThat(leaf & (1L << 6 | 1L << 7 | 1L << 51)).isEqualTo(1L << 6 | 1L << 51); // S2AP[0], DBM
        assertThat(f.isDirty(leaf)).isFalse();
        long dirty = f.markDirty(leaf);
        assertThat(dirty).isEqualTo(leaf | 1L << 7);
        assertThat(f.isDirty(dirty)).isTrue();
        assertThat(f.makeClean(dirty)).isEqualTo(leaf);
        assertThat(f.prot(leaf)).isEqualTo(RW);
        long writeOnly = f.encodeLeaf(0x8000_0000L, 0, 12, Prot.WRITE);
        assertThat(f.prot(writeOnly)).isEqualTo(Prot.WRITE);
        assertThat(f.prot(f.encodeLeaf(0x8000_0000L, 0, 12, Prot.READ))).isEqualTo(Prot.READ);
        // a write to a writable-clean entry faults without HTTU HD, and passes once S2AP[1] is set
        assertThat(f.checkAccess(leaf, true, false)).isEqualTo(FaultReason.WRITE_TO_READ_ONLY);
        assertThat(f.checkAccess(dirty, true, false)).isNull();
        assertThat(f.checkAccess(leaf, true, true)).isNull();
        assertThat(fields(f, dirty, 0)).isEqualTo("Valid[0:0]=0x1 Type[1:1]=0x1 MemAttr[5:2]=0xf S2AP[0][6:6]=0x1"
                + " S2AP[1][7:7]=0x1 SH[9:8]=0x3 AF[10:10]=0x1 Address[47:12]=0x80000000 DBM[51:51]=0x1"
                + " XN[54:53]=0x0 SW[58:55]=0x0");
        assertThat(meaning(f, dirty, 0, "DBM")).endsWith("(stage-2 encoding unverified)");
    }

    @Test
    void smmuStageOneWritesFaultOnAWritableCleanEntryWithoutHd() {
        PageTableFormat f = PageTableFormats.smmuV3(1, K4);
        long clean = f.makeClean(f.encodeLeaf(0x8000_0000L, 0, 12, RW));
        assertThat(f.checkAccess(clean, true, false)).isEqualTo(FaultReason.WRITE_TO_READ_ONLY);
        assertThat(f.checkAccess(f.markDirty(clean), true, false)).isNull();
    }

    @Test
    void smmuGeometryPerGranule() {
        // arm_lpae_restrict_pgsizes with a 48-bit space: 4K -> 4K, 2M, 1G; 16K -> 16K, 32M; 64K -> 64K, 512M
        assertThat(PageTableFormats.smmuV3(1, K4).levels()).isEqualTo(4);
        assertThat(PageTableFormats.smmuV3(1, 16384).levels()).isEqualTo(4);
        assertThat(PageTableFormats.smmuV3(1, 65536).levels()).isEqualTo(3);
        assertThat(PageTableFormats.smmuV3(1, K4).supportedPageSizes()).isEqualTo(K4 | M2 | G1);
        assertThat(PageTableFormats.smmuV3(1, 16384).supportedPageSizes()).isEqualTo(16384 | 32L << 20);
        assertThat(PageTableFormats.smmuV3(1, 65536).supportedPageSizes()).isEqualTo(65536 | 512L << 20);
    }

    // ---------------------------------------------------------------- RISC-V (§4.4)

    @Test
    void riscvFieldsOfAWritableLeafWithLinuxPresetAccessedAndDirty() {
        PageTableFormat f = PageTableFormats.riscv("sv39");
        assertThat(f.maxIova()).isEqualTo((1L << 39) - 1);
        long leaf = f.encodeLeaf(0x8020_0000L, 1, 21, RW);
        assertThat(fields(f, leaf, 1)).isEqualTo("V[0:0]=0x1 R[1:1]=0x1 W[2:2]=0x1 X[3:3]=0x0 U[4:4]=0x0 G[5:5]=0x0"
                + " A[6:6]=0x1 D[7:7]=0x1 RSW[9:8]=0x0 PPN[53:10]=0x80200000 PBMT[62:61]=0x0 N[63:63]=0x0");
        assertThat(meaning(f, leaf, 1, "PPN")).isEqualTo("output address of the 2 MiB page");
        assertThat(meaning(f, leaf, 1, "R")).isEqualTo("readable");
        long table = f.encodeTable(0x3000, 1);
        assertThat(meaning(f, table, 1, "R")).isEqualTo("readable (0 in a pointer to the next table)");
        assertThat(meaning(f, table, 1, "PPN")).isEqualTo("next-table physical address");
        assertThat(fields(f, 0, 0)).isEqualTo("V[0:0]=0x0");
        // the IOMMU never clears A/D (the one-bit formats clean by clearing their own bit)
        assertThat(f.clearAccessed(leaf)).isEqualTo(leaf & ~(1L << 6));
        assertThat(f.makeClean(leaf)).isEqualTo(leaf & ~(1L << 7));
        assertThat(f.isAccessed(f.clearAccessed(leaf))).isFalse();
        assertThat(f.isAccessed(leaf)).isTrue();
        assertThat(f.prot(f.encodeLeaf(0x1000, 0, 12, Prot.READ))).isEqualTo(Prot.READ);
    }

    @Test
    void whoStartsWritableLeavesDirtyAndWhoPublishesDirtyOps() {
        // RISC-V: Linux pre-sets D on writable mappings and publishes no dirty_ops. SMMUv3 stage 1: DBM with AP[2]
        // clear (unverified detail), dirty reads only for ARM_64_LPAE_S1. AMD and VT-d: leaves start clean.
        assertThat(PageTableFormats.riscv("sv48").writableLeavesStartDirty()).isTrue();
        assertThat(PageTableFormats.riscv("sv48").upstreamDirtyOps()).isFalse();
        assertThat(PageTableFormats.smmuV3(1, K4).writableLeavesStartDirty()).isTrue();
        assertThat(PageTableFormats.smmuV3(1, K4).upstreamDirtyOps()).isTrue();
        assertThat(PageTableFormats.smmuV3(2, K4).writableLeavesStartDirty()).isFalse();
        assertThat(PageTableFormats.smmuV3(2, K4).upstreamDirtyOps()).isFalse();
        assertThat(PageTableFormats.amdV1(4).writableLeavesStartDirty()).isFalse();
        assertThat(PageTableFormats.vtdSecondStage(4).writableLeavesStartDirty()).isFalse();
        assertThat(PageTableFormats.vtdSecondStage(4).upstreamDirtyOps()).isTrue();
        for (PageTableFormat f : List.of(PageTableFormats.amdV1(4), PageTableFormats.vtdSecondStage(4))) {
            long leaf = f.encodeLeaf(0x20_0000, 0, 12, RW);
            assertThat(f.isAccessed(leaf)).as(f.name()).isFalse();
            assertThat(f.isDirty(leaf)).as(f.name()).isFalse();
            long used = f.markDirty(f.markAccessed(leaf));
            assertThat(f.clearAccessed(used)).as(f.name()).isEqualTo(f.markDirty(leaf));
            assertThat(f.isAccessed(f.clearAccessed(used))).as(f.name()).isFalse();
            assertThat(f.isDirty(f.clearAccessed(used))).as(f.name()).isTrue();
        }
    }
}

package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.events.EventSink;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bit-exact entries of each format against the tables of reference/dirty-tracking.md section 4. */
class FormatBitLayoutTest {
    static final long KIB4 = 4096;
    static final long MIB2 = 2L << 20;
    static final long GIB1 = 1L << 30;
    static final int RW = Prot.READ | Prot.WRITE;

    private static long bits(int... ns) {
        long v = 0;
        for (int n : ns) {
            v |= 1L << n;
        }
        return v;
    }

    private static IoPageTable table(PageTableFormat f) {
        return new IoPageTable(f, new TablePagePool(), EventSink.NONE);
    }

    // ------------------------------------------------------------ VT-d second stage (4.2)

    @Test
    void vtdTwoMibLeafWrittenDirtyHasExactlyRwPsAdAndAddress() {
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(4));
        long pa = 0x1234_0000_0000L + 7 * MIB2;
        pt.map(MIB2 * 3, pa, MIB2, RW, -1L);
        assertThat(pt.entryAt(MIB2 * 3, 1)).isEqualTo(bits(0, 1, 7) | pa);
        pt.translate(MIB2 * 3 + 0x123, Access.WRITE);
        assertThat(pt.entryAt(MIB2 * 3, 1)).isEqualTo(bits(0, 1, 7, 8, 9) | pa);
        pt.readAndClearDirty(0, GIB1, 0, DirtyRecorder.NONE);
        assertThat(pt.entryAt(MIB2 * 3, 1)).isEqualTo(bits(0, 1, 7, 8) | pa);
    }

    @Test
    void vtdFourKibLeafAndTableEntries() {
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(3));
        pt.map(0x5000, 0xabc000, KIB4, Prot.READ, -1L);
        assertThat(pt.entryAt(0x5000, 0)).isEqualTo(bits(0) | 0xabc000L); // R only, no PS at the last level
        assertThat(pt.entryAt(0x5000, 1)).isEqualTo(bits(0, 1) | pt.tableAt(0x5000, 0));
        pt.translate(0x5000, Access.READ);
        assertThat(pt.entryAt(0x5000, 0)).isEqualTo(bits(0, 8) | 0xabc000L);
        assertThat(pt.format().maxIova()).isEqualTo((1L << 39) - 1);
        assertThat(PageTableFormats.vtdSecondStage(5).maxIova()).isEqualTo((1L << 57) - 1);
        assertThat(pt.format().supportedPageSizes()).isEqualTo(KIB4 | MIB2 | GIB1);
    }

    // ------------------------------------------------------------ AMD v1 (4.1)

    @Test
    void amdFourKibAndTwoMibLeavesUseNextLevelZero() {
        IoPageTable pt = table(PageTableFormats.amdV1(4));
        pt.map(0x7000, 0x9000, KIB4, RW, -1L);
        long pr = bits(0);
        long irw = bits(61, 62);
        assertThat(pt.entryAt(0x7000, 0)).isEqualTo(pr | irw | 0x9000);
        long tbl = pt.tableAt(0x7000, 0);
        assertThat(pt.entryAt(0x7000, 1)).isEqualTo(pr | (1L << 9) | irw | tbl); // NextLevel = 1
        assertThat(pt.entryAt(0x7000, 3)).isEqualTo(pr | (3L << 9) | irw | pt.tableAt(0x7000, 2));
        pt.translate(0x7000, Access.WRITE);
        assertThat(pt.entryAt(0x7000, 0)).isEqualTo(pr | bits(5, 6) | irw | 0x9000); // A (unverified) + D
        pt.map(MIB2 * 5, MIB2 * 9, MIB2, Prot.READ, -1L);
        assertThat(pt.entryAt(MIB2 * 5, 1)).isEqualTo(pr | bits(61) | MIB2 * 9);
    }

    @Test
    void amdNextLevelSevenEncodesSizeInAddressAndReplicates() {
        IoPageTable pt = table(PageTableFormats.amdV1(3));
        long pa = 0x40_0000;
        pt.map(0x10_0000, pa, 16 * 1024, RW, -1L); // one 16 KiB leaf: NextLevel 7, address bit 12, 4 replicas
        long e16 = bits(0) | (7L << 9) | pa | bits(12) | bits(61, 62);
        for (int i = 0; i < 4; i++) {
            assertThat(pt.entryAt(0x10_0000 + i * KIB4, 0)).isEqualTo(e16);
        }
        assertThat(pt.entryAt(0x10_4000, 0)).isZero();
        pt.map(0x20_0000 - 8192, 0x80_0000, 8192, RW, -1L); // 8 KiB: no size bits
        assertThat(pt.entryAt(0x20_0000 - 4096, 0)).isEqualTo(bits(0) | (7L << 9) | 0x80_0000 | bits(61, 62));
        pt.map(0x30_0000, 0x90_0000, 65536, RW, -1L); // 64 KiB: bits 12..14
        assertThat(pt.entryAt(0x30_f000, 0)).isEqualTo(bits(0) | (7L << 9) | 0x90_0000 | bits(12, 13, 14)
            | bits(61, 62));
        Translation t = pt.translate(0x10_2000 + 5, Access.WRITE); // hardware sets D in the third replica only
        assertThat(t.physAddr()).isEqualTo(pa + 0x2005);
        assertThat(t.leafSize()).isEqualTo(16 * 1024);
        assertThat(pt.entryAt(0x10_2000, 0) & bits(6)).isNotZero();
        assertThat(pt.entryAt(0x10_0000, 0) & bits(6)).isZero();
        List<long[]> rec = new java.util.ArrayList<>();
        pt.readAndClearDirty(0x10_0000, KIB4, 0, (i, l) -> rec.add(new long[] {i, l})); // read only replica 0
        assertThat(rec).singleElement().satisfies(r -> assertThat(r).containsExactly(0x10_0000L, 16 * 1024L));
        for (int i = 0; i < 4; i++) {
            assertThat(pt.entryAt(0x10_0000 + i * KIB4, 0) & bits(6)).isZero();
        }
        assertThat(PageTableFormats.amdV1(6).maxIova()).isEqualTo(-1L);
        assertThat(PageTableFormats.amdV1(4).supportedPageSizes() & (1L << 39)).isZero(); // no 512 GiB pages
        assertThat(PageTableFormats.amdV1(4).supportedPageSizes() & (1L << 13)).isNotZero();
    }

    @Test
    void amdSixLevelTopUsesBits63To57() {
        IoPageTable pt = table(PageTableFormats.amdV1(6));
        long iova = 0xFE00_0000_0000_0000L; // top index 127
        pt.map(iova, 0x5000, KIB4, Prot.READ, -1L);
        assertThat(pt.iovaToPhys(iova + 1)).isEqualTo(0x5001);
        assertThat(pt.translate(-1L & -KIB4, Access.READ).fault()).isEqualTo(FaultReason.NOT_PRESENT);
        assertThat(pt.unmap(iova, KIB4)).isEqualTo(KIB4);
    }

    @Test
    void mockIsAmdLayoutWithTwoKibGranule() {
        PageTableFormat mock = PageTableFormats.mock();
        assertThat(mock.granule()).isEqualTo(2048);
        assertThat(mock.supportedPageSizes()).isEqualTo(2048L | (1L << 20));
        assertThat(mock.tableEntries()).isEqualTo(512);
        IoPageTable pt = table(mock);
        long start = 1L << 24; // MOCK_APERTURE_START
        pt.map(start, 0x80_0800, 2048, RW, -1L);
        assertThat(pt.entryAt(start, 0)).isEqualTo(bits(0) | ((0x80_0800L >>> 11) << 12) | bits(61, 62));
        assertThat(pt.iovaToPhys(start + 5)).isEqualTo(0x80_0805);
        pt.map(start + (1 << 20), 1L << 30, 1 << 20, RW, -1L);
        assertThat(pt.entryAt(start + (1 << 20), 1)).isEqualTo(bits(0) | (((1L << 30) >>> 11) << 12) | bits(61, 62));
    }

    // ------------------------------------------------------------ SMMUv3 (4.3)

    @Test
    void smmuStageOneWritablePageStartsWritableDirtyAndCleansBySettingApTwo() {
        IoPageTable pt = table(PageTableFormats.smmuV3(1, KIB4));
        long pa = 0x8000_0000L;
        pt.map(0x1000, pa, KIB4, RW, -1L);
        long attrs = bits(0, 1) | (1L << 2) | bits(6) | bits(8, 9) | bits(10) | bits(11);
        long dirty = attrs | bits(51) | pa; // DBM=1, AP[2]=0: writable-dirty as Linux maps it
        assertThat(pt.entryAt(0x1000, 0)).isEqualTo(dirty);
        pt.readAndClearDirty(0x1000, KIB4, 0, DirtyRecorder.NONE);
        assertThat(pt.entryAt(0x1000, 0)).isEqualTo(dirty | bits(7)); // AP[2] set: writable-clean
        pt.translate(0x1000, Access.WRITE);
        assertThat(pt.entryAt(0x1000, 0)).isEqualTo(dirty); // hardware cleared AP[2]
        pt.map(0x2000, pa, KIB4, Prot.READ, -1L);
        assertThat(pt.entryAt(0x2000, 0)).isEqualTo(attrs | bits(7) | pa); // read-only: AP[2], no DBM
        pt.map(MIB2, 0x4000_0000L, MIB2, Prot.READ, -1L);
        assertThat(pt.entryAt(MIB2, 1) & 3).isEqualTo(1); // block descriptor
        assertThat(pt.entryAt(0x1000, 1)).isEqualTo(bits(0, 1) | pt.tableAt(0x1000, 0));
    }

    @Test
    void smmuStageTwoDirtyIsS2apOneWithDbm() {
        IoPageTable pt = table(PageTableFormats.smmuV3(2, KIB4));
        long pa = 0x8000_0000L;
        pt.map(0x1000, pa, KIB4, RW, -1L);
        long clean = bits(0, 1) | (0xFL << 2) | bits(6) | bits(8, 9) | bits(10) | bits(51) | pa;
        assertThat(pt.entryAt(0x1000, 0)).isEqualTo(clean);
        pt.translate(0x1000, Access.WRITE);
        assertThat(pt.entryAt(0x1000, 0)).isEqualTo(clean | bits(7));
        assertThat(pt.decode(clean, 0)).anySatisfy(f -> assertThat(f.meaning()).contains("unverified"));
    }

    @Test
    void smmuGranulesAndLevels() {
        assertThat(PageTableFormats.smmuV3(1, 16384).supportedPageSizes()).isEqualTo(16384L | (32L << 20));
        assertThat(PageTableFormats.smmuV3(1, 65536).supportedPageSizes()).isEqualTo(65536L | (512L << 20));
        assertThat(PageTableFormats.smmuV3(1, 16384).tableEntries()).isEqualTo(2048);
        assertThat(PageTableFormats.smmuV3(1, 65536).tableEntries()).isEqualTo(8192);
        assertThat(PageTableFormats.smmuV3(1, 65536).levels()).isEqualTo(3);
        assertThat(PageTableFormats.smmuV3(2, 16384).levels()).isEqualTo(4);
        TablePagePool pool = new TablePagePool();
        IoPageTable pt = new IoPageTable(PageTableFormats.smmuV3(1, 65536), pool, EventSink.NONE);
        assertThat(pool.liveBytes()).isEqualTo(65536);
        assertThat(pt.rootAddress() % 65536).isZero();
    }

    // ------------------------------------------------------------ RISC-V (4.4)

    @Test
    void riscvLeavesPresetAccessedAndDirtyAsLinux() {
        IoPageTable pt = table(PageTableFormats.riscv("sv39"));
        long pa = 0x8765_4000L;
        pt.map(0x3000, pa, KIB4, RW, -1L);
        assertThat(pt.entryAt(0x3000, 0)).isEqualTo(bits(0, 1, 2, 6, 7) | ((pa >>> 12) << 10));
        assertThat(pt.entryAt(0x3000, 1)).isEqualTo(bits(0) | ((pt.tableAt(0x3000, 0) >>> 12) << 10));
        pt.readAndClearDirty(0x3000, KIB4, 0, DirtyRecorder.NONE);
        assertThat(pt.entryAt(0x3000, 0)).isEqualTo(bits(0, 1, 2, 6) | ((pa >>> 12) << 10));
        pt.translate(0x3000, Access.WRITE);
        assertThat(pt.entryAt(0x3000, 0) & bits(7)).isNotZero();
        assertThat(PageTableFormats.riscv("sv39").upstreamDirtyOps()).isFalse();
    }

    @Test
    void riscvAllowsLeavesAtEveryLevel() {
        PageTableFormat sv48 = PageTableFormats.riscv("sv48");
        assertThat(sv48.supportedPageSizes()).isEqualTo(KIB4 | MIB2 | GIB1 | (1L << 39));
        IoPageTable pt = table(sv48);
        pt.map(1L << 39, 1L << 40, 1L << 39, Prot.READ, -1L);
        assertThat(pt.translate((1L << 39) + 5, Access.READ).leafSize()).isEqualTo(1L << 39);
        assertThat(pt.translate((1L << 39) + 5, Access.READ).levelsWalked()).isEqualTo(1);
    }
}

package io.ioptexplorer.hardware.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.Access;
import io.ioptexplorer.hardware.pagetable.DirtyRecorder;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The folding shared by the tree and {@code dump}: runs, their boundaries, empties, and AMD's replicated leaves. */
class FoldingTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;
    private static final long G1 = 1L << 30;

    private static IoPageTable table(PageTableFormat f) {
        return new IoPageTable(f, new TablePagePool(), EventSink.NONE);
    }

    private static List<PtRow> runs(IoPageTable pt) {
        List<PtRow> out = new ArrayList<>();
        new RadixFolding(pt).forEachRun(out::add);
        return out;
    }

    @Test
    void aRunOfHugeLeavesIsOneRowAndTheEmptyRestOfTheRootIsOne() {
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(4));
        pt.map(G1, G1, G1, Prot.READ | Prot.WRITE, M2);

        List<PtRow> r = runs(pt);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).count()).isEqualTo(512);
        assertThat(r.get(0).leafSize()).isEqualTo(M2);
        assertThat(r.get(0).level()).isEqualTo(1);
        assertThat(r.get(0).firstIova()).isEqualTo(G1);
        assertThat(r.get(0).lastIova()).isEqualTo(2 * G1 - 1);
        assertThat(PtDump.line(r.get(0))).startsWith("0x0000000040000000-0x000000007fffffff  512 × 2 MiB")
            .contains("L1").contains("RW - clean");

        RadixFolding f = new RadixFolding(pt);
        List<PtRow> root = f.rootRows();
        assertThat(root).extracting(PtRow::kind).containsExactly(PtRow.Kind.TABLE, PtRow.Kind.EMPTY);
        assertThat(root.get(1).firstIndex()).isEqualTo(1);
        assertThat(root.get(1).lastIndex()).isEqualTo(511);
        // L3 -> L2: entry 1 is the table, entries 0 and 2..511 are two empty runs.
        List<PtRow> l2 = f.expand(root.get(0));
        assertThat(l2).extracting(PtRow::kind).containsExactly(PtRow.Kind.EMPTY, PtRow.Kind.TABLE,
            PtRow.Kind.EMPTY);
        List<PtRow> l1 = f.expand(l2.get(1));
        assertThat(l1).hasSize(1);
        assertThat(l1.get(0).count()).isEqualTo(512);
        assertThat(f.expand(l1.get(0))).hasSize(512).allSatisfy(row -> assertThat(row.count()).isEqualTo(1));
    }

    @Test
    void aDirtyLeafOrAnotherPermissionBreaksTheRun() {
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(4));
        pt.map(0, 0, 8 * K4, Prot.READ | Prot.WRITE, K4);
        pt.map(8 * K4, 8 * K4, 4 * K4, Prot.READ, K4);
        pt.translate(3 * K4, Access.WRITE, true, true);

        List<PtRow> r = runs(pt);
        assertThat(r).extracting(PtRow::count).containsExactly(3L, 1L, 4L, 4L);
        assertThat(r.get(1).dirty()).isTrue();
        assertThat(r.get(1).accessed()).isTrue();
        assertThat(r.get(1).flags()).contains("D");
        assertThat(r.get(3).prot()).isEqualTo(Prot.READ);
        // Boundaries are exact and contiguous.
        assertThat(r.get(1).firstIova()).isEqualTo(3 * K4);
        assertThat(r.get(1).lastIova()).isEqualTo(4 * K4 - 1);
        assertThat(r.get(3).firstIova()).isEqualTo(8 * K4);
    }

    @Test
    void dumpRunsContinueAcrossTablePagesWhileTheTreeFoldsPerTable() {
        IoPageTable pt = table(PageTableFormats.vtdSecondStage(4));
        pt.map(0, 0, 2 * M2, Prot.READ | Prot.WRITE, K4); // 1024 leaves in two level-0 tables

        assertThat(runs(pt)).singleElement().satisfies(row -> {
            assertThat(row.count()).isEqualTo(1024);
            assertThat(row.lastIova()).isEqualTo(2 * M2 - 1);
        });
        RadixFolding f = new RadixFolding(pt);
        PtRow l2 = f.expand(f.rootRows().get(0)).get(0);
        List<PtRow> l1 = f.expand(l2);
        assertThat(l1).extracting(PtRow::kind).containsExactly(PtRow.Kind.TABLE, PtRow.Kind.TABLE,
            PtRow.Kind.EMPTY);
        assertThat(f.expand(l1.get(0))).singleElement().satisfies(row -> assertThat(row.count()).isEqualTo(512));
    }

    @Test
    void anAmdReplicatedLeafIsOneLeafWithItsWholeSizeAndTheOrOfItsReplicasDirty() {
        PageTableFormat amd = PageTableFormats.amdV1(4);
        IoPageTable pt = table(amd);
        long k64 = 64 * 1024;
        pt.map(0, 0, 4 * k64, Prot.READ | Prot.WRITE, k64);
        pt.translate(k64 + 5 * K4, Access.WRITE, true, true); // dirties one replica of the second leaf

        List<PtRow> r = runs(pt);
        assertThat(r).extracting(PtRow::count).containsExactly(1L, 1L, 2L);
        assertThat(r).extracting(PtRow::leafSize).containsOnly(k64);
        assertThat(r.get(1).dirty()).isTrue();
        assertThat(r.get(1).firstIndex()).isEqualTo(16);
        assertThat(r.get(1).lastIndex()).isEqualTo(31);
        assertThat(r.get(0).dirty()).isFalse();

        RadixFolding f = new RadixFolding(pt);
        PtRow l0run = f.expand(f.expand(f.expand(f.rootRows().get(0)).get(0)).get(0)).get(2);
        assertThat(l0run.count()).isEqualTo(2);
        assertThat(f.expand(l0run)).hasSize(2).extracting(PtRow::firstIndex).containsExactly(32, 48);
    }

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void everyFormatFoldsAMappedRangeIntoRunsThatCoverItExactly(PageTableFormat fmt) {
        IoPageTable pt = table(fmt);
        long g = fmt.granule();
        long base = 1L << fmt.itemShift(1);
        pt.map(base, base, 64 * g, Prot.READ | Prot.WRITE, g);
        pt.readAndClearDirty(base, 64 * g, 0, DirtyRecorder.NONE); // SMMUv3 s1 and RISC-V leaves start dirty
        pt.translate(base + 10 * g, Access.WRITE, true, true);
        List<PtRow> r = runs(pt);
        assertThat(r.get(0).firstIova()).isEqualTo(base);
        assertThat(r.get(r.size() - 1).lastIova()).isEqualTo(base + 64 * g - 1);
        assertThat(r.stream().mapToLong(PtRow::count).sum()).isEqualTo(64);
        for (int i = 1; i < r.size(); i++) {
            assertThat(r.get(i).firstIova()).isEqualTo(r.get(i - 1).lastIova() + 1);
        }
        assertThat(r).filteredOn(PtRow::dirty).extracting(PtRow::firstIova).contains(base + 10 * g);
    }
}

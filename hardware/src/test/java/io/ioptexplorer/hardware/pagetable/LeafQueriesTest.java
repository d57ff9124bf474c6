package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-only queries the inspector and the trackers use: every leaf once, and raw entries on a walk path. */
class LeafQueriesTest {
    private static final long K4 = 4096;
    private static final long M2 = 2L << 20;
    private static final long BASE = 1L << 30;

    @Test
    void forEachLeafReportsEveryLeafOnceWithItsAddressPermissionsAndAccessedAndDirty() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        pt.map(BASE, 1L << 40, M2, Prot.READ | Prot.WRITE, M2);
        pt.map(BASE + M2, (1L << 40) + M2, 2 * K4, Prot.READ, K4);
        pt.translate(BASE + 7, Access.WRITE);
        pt.translate(BASE + M2 + K4, Access.READ);
        List<String> leaves = new ArrayList<>();
        pt.forEachLeaf(BASE, 2 * M2, (iova, size, pa, prot, a, d) -> leaves.add(Long.toHexString(iova) + " "
                + Long.toHexString(size) + " " + Long.toHexString(pa) + " " + Prot.toString(prot) + " A=" + a
                + " D=" + d));
        assertThat(leaves).containsExactly(
                "40000000 200000 10000000000 " + Prot.toString(Prot.READ | Prot.WRITE) + " A=true D=true",
                "40200000 1000 10000200000 " + Prot.toString(Prot.READ) + " A=false D=false",
                "40201000 1000 10000201000 " + Prot.toString(Prot.READ) + " A=true D=false");
    }

    @Test
    void rawEntriesAndTablesAlongAWalkPathStopAtTheTopAndAtTheLeaf() {
        PageTableFormat f = PageTableFormats.vtdSecondStage(4);
        IoPageTable pt = new IoPageTable(f, new TablePagePool(), EventSink.NONE);
        pt.map(BASE, 1L << 40, M2, Prot.READ | Prot.WRITE, M2);
        int top = f.levels() - 1;
        long root = pt.tableAt(BASE, top);
        assertThat(root).isNotEqualTo(-1L);
        assertThat(f.kind(pt.entryAt(BASE, top), top)).isEqualTo(PageTableFormat.TABLE);
        assertThat(pt.tableAt(BASE, top + 1)).isEqualTo(-1L);
        assertThat(pt.entryAt(BASE, top + 1)).isZero();
        assertThat(f.kind(pt.entryAt(BASE, 1), 1)).isEqualTo(PageTableFormat.LEAF);
        assertThat(pt.entryAt(BASE, 0)).isZero();   // the path ends at the 2 MiB leaf
        assertThat(pt.tableAt(BASE, 0)).isEqualTo(-1L);
        assertThat(pt.entryAt(f.maxIova() + 1, 1)).isZero();
    }

    @Test
    void theLastIovaOfTheSpaceHasItsEntryAndTables() {
        PageTableFormat f = PageTableFormats.vtdSecondStage(4);
        IoPageTable pt = new IoPageTable(f, new TablePagePool(), EventSink.NONE);
        long max = f.maxIova();
        pt.map(max - K4 + 1, 1L << 40, K4, Prot.READ, K4); // the last page below 2^48
        assertThat(f.kind(pt.entryAt(max, 0), 0)).isEqualTo(PageTableFormat.LEAF);
        assertThat(f.leafPa(pt.entryAt(max, 0), 0)).isEqualTo(1L << 40);
        assertThat(pt.tableAt(max, 0)).isNotEqualTo(-1L);
        assertThat(pt.tableAt(max + 1, 0)).isEqualTo(-1L);
    }
}

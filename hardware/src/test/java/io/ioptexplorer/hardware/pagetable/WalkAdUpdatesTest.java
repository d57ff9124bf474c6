package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import org.junit.jupiter.api.Test;

/**
 * What a DMA walk does to the leaf's Accessed and Dirty bits and says about it (design notes: "how hardware marks an
 * entry accessed or dirty"; reference §4): a read sets A only, a write sets D, a replicated AMD leaf reads dirty when
 * any replica is, and each change is one entry update with the reason hardware had.
 */
class WalkAdUpdatesTest {
    private static final long K4 = 4096;
    private static final long BASE = 1L << 30;
    private static final int RW = Prot.READ | Prot.WRITE;

    @Test
    void aReadSetsAccessedAndAWriteThenSetsDirtyEachAsOneUpdate() {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), log);
        pt.map(BASE, 1L << 40, K4, RW, K4);
        Translation read = pt.translate(BASE + 1, Access.READ);
        assertThat(read.dirtyBefore()).isFalse();
        assertThat(read.dirtyAfter()).isFalse();
        Translation write = pt.translate(BASE + 2, Access.WRITE);
        assertThat(write.dirtyBefore()).isFalse();
        assertThat(write.dirtyAfter()).isTrue();
        Translation again = pt.translate(BASE + 3, Access.WRITE); // nothing left to set: no update
        assertThat(again.dirtyBefore()).isTrue();
        assertThat(again.dirtyAfter()).isTrue();
        assertThat(log.ofType(EntryUpdated.class))
                .filteredOn(e -> e.reason() == UpdateReason.HW_ACCESSED || e.reason() == UpdateReason.HW_DIRTY)
                .extracting(EntryUpdated::reason, EntryUpdated::iova).containsExactly(
                        tuple(UpdateReason.HW_ACCESSED, BASE),
                        tuple(UpdateReason.HW_DIRTY, BASE));
    }

    @Test
    void aReplicatedLeafReadsDirtyWhenAnyReplicaIs() {
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), new EventLog());
        pt.map(BASE, 1L << 40, 4 * K4, RW, 4 * K4); // one 16 KiB leaf in four slots
        pt.translate(BASE + 3 * K4, Access.WRITE);  // D in the last replica
        Translation t = pt.translate(BASE, Access.READ);
        assertThat(t.leafSize()).isEqualTo(4 * K4);
        assertThat(t.dirtyBefore()).isTrue();
        assertThat(t.dirtyAfter()).isTrue();
        assertThat(t.physAddr()).isEqualTo(1L << 40);
    }
}

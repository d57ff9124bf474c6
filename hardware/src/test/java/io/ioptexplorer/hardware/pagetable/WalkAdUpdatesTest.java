package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import io.ioptexplorer.hardware.pagetable.events.WalkFault;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import org.junit.jupiter.api.Test;

/**
 * What a DMA walk does to the leaf's Accessed and Dirty bits and says about it (design notes: "how hardware marks an
 * entry accessed or dirty"; reference §4): a read sets A only, a write sets D, a replicated AMD leaf reads dirty when
 * any replica is, and each change is one entry update with the reason hardware had.
 *
 * <p>Equivalent mutants in the walk (issue 16): {@code return fault(...)} replaced by {@code return false} (fault
 * returns false); in {@code translatePhys}, {@code walk4KiB} and the constructor, the boundaries of {@code l > 0},
 * {@code next >= 0} and {@code nextTable(...) < 0} (level 0 holds no table pointers and no table sits at physical
 * address 0: frames start at 1 MiB), {@code top <= 5}, and the tests that send a walk to the generic loop instead of
 * the written-out one (the paths agree, {@link FastWalkTest}).
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

    @Test
    void aReadOfAReplicaInALaterLeafReadsThatLeafsDirtyState() {
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), new EventLog());
        pt.map(BASE, 1L << 40, 16 * K4, RW, 4 * K4); // 16 KiB leaves at slots 0-3, 4-7, 8-11, 12-15
        pt.translate(BASE + 10 * K4, Access.WRITE);    // D in leaf 2, replica 2
        Translation t = pt.translate(BASE + 9 * K4, Access.READ); // leaf 2, replica 1: its group is slots 8-11
        assertThat(t.dirtyBefore()).isTrue();
        assertThat(pt.translate(BASE + K4, Access.READ).dirtyBefore()).as("leaf 0 was never written").isFalse();
    }

    @Test
    void anIovaBeyondTheAddressWidthFaultsAndDoesNotAliasAMappedOne() {
        PageTableFormat f = PageTableFormats.vtdSecondStage(4);
        IoPageTable pt = new IoPageTable(f, new TablePagePool(), EventSink.NONE);
        pt.map(BASE, 1L << 40, K4, RW, K4);
        long alias = BASE + f.maxIova() + 1; // the same table indices one bit above the 48-bit width
        assertThat(pt.translatePhys(alias, false)).isEqualTo(-1L);
        Translation t = pt.translate(alias, Access.READ);
        assertThat(t.faulted()).isTrue();
        assertThat(t.fault()).isEqualTo(FaultReason.NOT_PRESENT);
        assertThat(pt.translatePhys(BASE + 5, false)).isEqualTo((1L << 40) + 5);
    }

    @Test
    void aDmaWalkWithEventsOnReportsItsStepsAndAWriteFaultSaysWrite() {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), log);
        pt.map(BASE, 1L << 40, K4, Prot.READ, K4);
        assertThat(pt.translatePhys(BASE + 1, false)).isEqualTo((1L << 40) + 1);
        assertThat(log.ofType(WalkStep.class)).extracting(WalkStep::level).containsExactly(3, 2, 1, 0);
        assertThat(pt.translatePhys(BASE, true)).isEqualTo(-1L); // read-only
        assertThat(log.ofType(WalkFault.class)).singleElement()
                .satisfies(e -> assertThat(e.access()).isEqualTo(Access.WRITE));
    }
}

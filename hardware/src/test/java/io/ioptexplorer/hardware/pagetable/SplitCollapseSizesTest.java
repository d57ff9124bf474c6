package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafSplit;
import io.ioptexplorer.hardware.pagetable.events.TableCollapsed;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In-place split and collapse (a proposal, not upstream: reference §2.3 and the design notes) to sizes between the
 * granule and the leaf, where AMD v1 replicates leaves (NextLevel 7, "D = OR of all"): each child translates to the
 * right physical address, carries the parent's Dirty and Accessed state, the leaf counts follow, and collapse gives
 * the original leaf back with Dirty the OR of its children (issue 16's survivors in {@code SplitCollapse}).
 */
class SplitCollapseSizesTest {
    private static final long K4 = 4096;
    private static final long K16 = 4 * K4;
    private static final long K64 = 64 * 1024;
    private static final long M2 = 2L << 20;
    private static final long BASE = 1L << 30;
    private static final long PA = 1L << 40;
    private static final int RW = Prot.READ | Prot.WRITE;

    private static IoPageTable amd(EventLog log, boolean fast) {
        return new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), log, fast);
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {true, false})
    void aDirtyTwoMibLeafSplitToSixteenKibKeepsAddressesAndDirtyAndCollapsesBack(boolean fast) {
        EventLog log = new EventLog();
        IoPageTable pt = amd(log, fast);
        pt.map(BASE, PA, M2, RW, M2);
        pt.translate(BASE + 5, Access.WRITE);
        pt.split(BASE, M2, K16);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(K16, M2 / K16));
        assertThat(pt.stats().splits()).isEqualTo(1);
        for (long off : new long[] {0, K4, K16 + 3 * K4 + 7, M2 - K4}) {
            Translation t = pt.translate(BASE + off, Access.READ);
            assertThat(t.physAddr()).as("offset 0x%x", off).isEqualTo(PA + off);
            assertThat(t.leafSize()).isEqualTo(K16);
            assertThat(t.leafIova()).isEqualTo(BASE + (off & -K16));
            assertThat(t.dirtyBefore()).as("Dirty carried to the child at 0x%x", off).isTrue();
        }
        assertThat(log.ofType(LeafSplit.class)).singleElement().satisfies(e -> {
            assertThat(e.iova()).isEqualTo(BASE);
            assertThat(e.dirty()).isTrue();
        });
        pt.collapse(BASE, M2);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(M2, 1L));
        assertThat(pt.stats().collapses()).isEqualTo(1);
        Translation whole = pt.translate(BASE + M2 - 1, Access.READ);
        assertThat(whole.leafSize()).isEqualTo(M2);
        assertThat(whole.physAddr()).isEqualTo(PA + M2 - 1);
        assertThat(whole.dirtyBefore()).isTrue();
        assertThat(log.ofType(TableCollapsed.class)).singleElement().satisfies(e -> assertThat(e.dirty()).isTrue());
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {true, false})
    void aReplicatedSixtyFourKibLeafSplitsInPlaceToSixteenKibThenToPages(boolean fast) {
        IoPageTable pt = amd(new EventLog(), fast);
        pt.map(BASE, PA, K64, RW, K64);
        pt.translate(BASE + 9 * K4, Access.WRITE); // replica 9 of 16
        pt.split(BASE, K64, K16);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(K16, 4L));
        for (long off = 0; off < K64; off += K4) {
            Translation t = pt.translate(BASE + off, Access.READ);
            assertThat(t.physAddr()).isEqualTo(PA + off);
            assertThat(t.leafSize()).isEqualTo(K16);
            assertThat(t.dirtyBefore()).isTrue();
        }
        pt.split(BASE, K64, K4);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(K4, 16L));
        assertThat(pt.translate(BASE + 15 * K4 + 1, Access.READ).physAddr()).isEqualTo(PA + 15 * K4 + 1);
        assertThat(pt.stats().splits()).isEqualTo(5); // one 64 KiB leaf, then four 16 KiB leaves
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {true, false})
    void aCleanLeafSplitsIntoCleanChildrenAndOnlyWrittenChildrenMakeTheCollapsedLeafDirty(boolean fast) {
        IoPageTable pt = amd(new EventLog(), fast);
        pt.map(BASE, PA, M2, RW, M2);
        pt.split(BASE, M2, K4);
        assertThat(pt.translate(BASE + M2 - K4, Access.READ).dirtyBefore()).isFalse();
        pt.collapse(BASE, M2);
        assertThat(pt.translate(BASE, Access.READ).dirtyBefore()).isFalse();
        pt.split(BASE, M2, K4);
        pt.translate(BASE + 300 * K4, Access.WRITE);
        pt.collapse(BASE, M2);
        Translation t = pt.translate(BASE, Access.READ);
        assertThat(t.leafSize()).isEqualTo(M2);
        assertThat(t.dirtyBefore()).isTrue(); // the OR of the children
    }

    private static List<Boolean> accessedFlags(IoPageTable pt, long iova, long length) {
        List<Boolean> out = new ArrayList<>();
        pt.forEachLeaf(iova, length, (i, size, pa, prot, accessed, dirty) -> out.add(accessed));
        return out;
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {true, false})
    void accessedIsTheOrOfTheReplicasCarriedToEveryChildAndBackOnCollapse(boolean fast) {
        EventLog log = new EventLog();
        IoPageTable pt = amd(log, fast);
        pt.map(BASE, PA, K64, RW, K64);
        pt.translate(BASE + 9 * K4, Access.READ); // Accessed in one replica only
        pt.split(BASE, K64, K16);
        assertThat(accessedFlags(pt, BASE, K64)).containsExactly(true, true, true, true);
        // in-place split of a replicated leaf: one SPLIT write per slot, at that slot's IOVA
        assertThat(log.ofType(EntryUpdated.class)).filteredOn(e -> e.reason() == UpdateReason.SPLIT)
                .extracting(EntryUpdated::iova).containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 16).mapToObj(k -> BASE + k * K4).toList());
        assertThat(log.ofType(LeafSplit.class)).singleElement().satisfies(e -> {
            assertThat(e.oldSize()).isEqualTo(K64);
            assertThat(e.newSize()).isEqualTo(K16);
        });
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {true, false})
    void aNeverAccessedLeafSplitsIntoUnaccessedChildrenAndOneReadChildMakesTheCollapsedLeafAccessed(
            boolean fast) {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), log, fast);
        long pa = PA + M2; // 2 MiB aligned, not 4 MiB aligned
        pt.map(BASE, pa, M2, RW, M2);
        pt.split(BASE, M2, K4);
        assertThat(accessedFlags(pt, BASE, M2)).hasSize(512).containsOnly(false);
        assertThat(log.ofType(EntryUpdated.class)).filteredOn(e -> e.reason() == UpdateReason.SPLIT)
                .extracting(EntryUpdated::iova).contains(BASE + K4, BASE + 511 * K4);
        pt.forEachLeaf(BASE, M2, (i, size, lpa, prot, a, d) -> assertThat(lpa).isEqualTo(pa + (i - BASE)));
        pt.translate(BASE + 100 * K4, Access.READ);
        pt.collapse(BASE, M2);
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(M2, 1L));
        assertThat(accessedFlags(pt, BASE, M2)).containsExactly(true);
        assertThat(pt.translate(BASE, Access.READ).dirtyBefore()).isFalse();
        assertThat(log.ofType(TableCollapsed.class)).singleElement()
                .satisfies(e -> assertThat(e.size()).isEqualTo(M2));
    }

    @ParameterizedTest(name = "fast={0}")
    @ValueSource(booleans = {true, false})
    void aOneGibLeafSplitToPagesGoesThroughTwoMibTablesAndKeepsItsAddresses(boolean fast) {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), new EventLog(),
                fast);
        long g1 = 1L << 30;
        pt.map(g1, PA, g1, RW, g1);
        pt.split(g1, g1, K4); // VT-d level 1 has only 2 MiB leaves: 1 GiB -> 2 MiB -> 4 KiB
        assertThat(pt.stats().leavesBySize()).isEqualTo(Map.of(K4, g1 / K4));
        assertThat(pt.stats().splits()).isEqualTo(1 + 512);
        for (long off : new long[] {0, K4 + 1, M2, g1 - K4}) {
            Translation t = pt.translate(g1 + off, Access.READ);
            assertThat(t.physAddr()).isEqualTo(PA + off);
            assertThat(t.leafSize()).isEqualTo(K4);
        }
    }
}

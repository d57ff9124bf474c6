package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.DirtyReadDone;
import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.TableFreed;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PageTableEventsTest {
    static final int RW = Prot.READ | Prot.WRITE;

    @Test
    void mapUnmapAndDirtyReadTellTheirStoryInEvents() {
        EventLog log = new EventLog();
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), log);
        assertThat(log.ofType(TableAllocated.class)).hasSize(1); // the root
        log.clear();
        pt.map(0x20_0000, 0x4000_0000L, 0x2000, RW, -1L);
        assertThat(log.ofType(TableAllocated.class)).extracting(TableAllocated::level).containsExactly(2, 1, 0);
        // the two 4 KiB leaves written side by side in one table page are one map_pages(pgsize, pgcount = 2)
        assertThat(log.ofType(LeafMapped.class)).singleElement().satisfies(m -> {
            assertThat(m.iova()).isEqualTo(0x20_0000L);
            assertThat(m.size()).isEqualTo(0x1000L);
            assertThat(m.count()).isEqualTo(2);
            assertThat(m.physAddr()).isEqualTo(0x4000_0000L);
            assertThat(m.level()).isZero();
            assertThat(m.index()).isZero();
        });
        assertThat(log.ofType(EntryUpdated.class)).extracting(EntryUpdated::reason)
            .containsExactly(UpdateReason.TABLE_INSTALL, UpdateReason.TABLE_INSTALL, UpdateReason.TABLE_INSTALL);
        log.clear();
        pt.translate(0x20_1000, Access.WRITE);
        List<WalkStep> steps = log.ofType(WalkStep.class);
        assertThat(steps).extracting(WalkStep::level).containsExactly(3, 2, 1, 0);
        assertThat(log.ofType(EntryUpdated.class)).singleElement()
            .satisfies(u -> assertThat(u.reason()).isEqualTo(UpdateReason.HW_DIRTY));
        log.clear();
        DirtyGather g = pt.readAndClearDirty(0, 1L << 30, 0, DirtyRecorder.NONE);
        assertThat(log.ofType(DirtyRecorded.class)).singleElement()
            .satisfies(d -> assertThat(d.iova()).isEqualTo(0x20_1000L));
        assertThat(log.ofType(DirtyReadDone.class)).singleElement()
            .satisfies(d -> assertThat(d.gather()).isEqualTo(g));
        assertThat(g).isEqualTo(new DirtyGather(0x20_1000L, 0x20_2000L, 0x1000, 1));
        log.clear();
        assertThat(pt.unmap(0x20_0000, 0x2000)).isEqualTo(0x2000);
        // the written leaf kept its Accessed bit, so the two leaves differ in more than their address: two runs
        assertThat(log.ofType(LeafUnmapped.class)).extracting(LeafUnmapped::iova, LeafUnmapped::count,
                LeafUnmapped::dirty)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(0x20_0000L, 1, false),
                org.assertj.core.groups.Tuple.tuple(0x20_1000L, 1, false));
        assertThat(log.ofType(TableFreed.class)).extracting(TableFreed::level).containsExactly(0, 1, 2);
    }

    @Test
    void aDisabledSinkReceivesNothing() {
        AtomicInteger emitted = new AtomicInteger();
        EventSink off = new EventSink() {
            @Override
            public void emit(SimEvent event) {
                emitted.incrementAndGet();
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
        IoPageTable pt = new IoPageTable(PageTableFormats.amdV1(4), new TablePagePool(), off);
        pt.map(0, 0x10_0000, 0x10_0000, RW, -1L);
        pt.translate(0x1000, Access.WRITE);
        pt.translatePhys(0x2000, true);
        pt.readAndClearDirty(0, 0x10_0000, 0, DirtyRecorder.NONE);
        pt.split(0, 0x10_0000, 0x1000);
        pt.collapse(0, 0x20_0000);
        pt.unmap(0, 0x10_0000);
        assertThat(emitted).hasValue(0);
    }

    @Test
    void mapThatRunsOutOfTablePagesIsUndone() {
        TablePagePool pool = new TablePagePool(TablePagePool.FIRST_FRAME + 4); // root + 3 tables
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), pool, EventSink.NONE);
        pt.map(0, 0x10_0000, 0x1000, RW, -1L);
        assertThat(pool.livePages()).isEqualTo(4);
        assertThat(PageTableSuiteTestSupport.errno(() -> pt.map(0x4000_0000L, 0x10_0000, 0x1000, RW, -1L)))
            .isEqualTo(io.ioptexplorer.hardware.errno.Errno.ENOMEM);
        assertThat(pool.livePages()).isEqualTo(4);
        assertThat(pt.stats().leavesBySize()).isEqualTo(java.util.Map.of(0x1000L, 1L));
        assertThat(PageTableSuiteTestSupport.errno(() -> pt.map(0x1000, 0x10_0000, 0x20_0000, RW, 0x1000)))
            .isEqualTo(io.ioptexplorer.hardware.errno.Errno.ENOMEM);
        assertThat(pt.stats().leavesBySize()).isEqualTo(java.util.Map.of(0x1000L, 1L));
        assertThat(pool.livePages()).isEqualTo(4);
    }

    @Test
    void allFormatsAreListedOnce() {
        assertThat(PageTableFormats.all()).hasSize(17);
        assertThat(PageTableFormats.all()).extracting(PageTableFormat::name).doesNotHaveDuplicates()
            .contains("amdv1-3level", "amdv1-6level", "vtdss-5level", "smmuv3-s1-4k", "smmuv3-s2-64k", "sv57",
                "mock");
        assertThat(PageTableFormats.byName("sv48").levels()).isEqualTo(4);
    }
}

package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import org.junit.jupiter.api.Test;

/** {@link EntryWrites#forEach} says which events wrote entries: updates, mapped and unmapped runs, nothing else. */
class EntryWritesKindsTest {
    @Test
    void onlyEntryWritingEventsAreVisitedAndAnsweredTrue() {
        EventLog log = new EventLog();
        PageTableFormat f = PageTableFormats.vtdSecondStage(4);
        IoPageTable pt = new IoPageTable(f, new TablePagePool(), log);
        pt.map(1L << 30, 1L << 40, 8192, Prot.READ | Prot.WRITE, 4096);
        pt.translate(1L << 30, Access.WRITE);
        pt.readAndClearDirty(1L << 30, 8192, 0, DirtyRecorder.NONE);
        pt.unmap(1L << 30, 8192);
        for (SimEvent e : log.events()) {
            int[] visits = {0};
            boolean wrote = EntryWrites.forEach(f, e, (t, i, iova, o, n) -> visits[0]++);
            boolean writes = e instanceof EntryUpdated || e instanceof LeafMapped || e instanceof LeafUnmapped;
            assertThat(wrote).as(e.toString()).isEqualTo(writes);
            assertThat(visits[0] > 0).as(e.toString()).isEqualTo(writes);
        }
        assertThat(log.ofType(LeafMapped.class)).isNotEmpty();
        assertThat(log.ofType(LeafUnmapped.class)).isNotEmpty();
        assertThat(log.ofType(EntryUpdated.class)).isNotEmpty();
        assertThat(log.ofType(DirtyRecorded.class)).isNotEmpty();
    }
}

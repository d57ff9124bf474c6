package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.pagetable.PageTableModelPropertyTest.Op;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.TableFreed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Views are built from events: replaying every TableAllocated, TableFreed, EntryUpdated and every entry of the
 * LeafMapped and LeafUnmapped runs ({@link EntryWrites}) of a random sequence of operations must rebuild exactly the
 * table pages the engine holds, the old value of every entry included.
 */
class EventReplayPropertyTest {

    @Provide
    Arbitrary<List<Op>> sequences() {
        return new PageTableModelPropertyTest().sequences();
    }

    @Provide
    Arbitrary<Integer> formatIndex() {
        return new PageTableModelPropertyTest().formatIndex();
    }

    @Property(tries = 1000)
    void replayingEntryEventsRebuildsTheTables(@ForAll("sequences") List<Op> ops,
                                               @ForAll("formatIndex") int formatIndex) {
        PageTableFormat fmt = PageTableModelPropertyTest.FORMATS.get(formatIndex);
        EventLog log = new EventLog();
        Fixture f = new Fixture(fmt, log);
        int bigPages = (int) (f.big / f.g);
        int n = 2 * bigPages;
        long[] targets = FlatModel.sizesOf(fmt.supportedPageSizes() & (2 * f.big - 1));
        for (Op op : ops) {
            int start = PageTableModelPropertyTest.pick(op.a(), n, bigPages);
            int count = Math.max(1, Math.min(PageTableModelPropertyTest.length(op.b(), n, bigPages), n - start));
            long iova = f.base + start * f.g;
            long len = count * f.g;
            try {
                switch (op.kind()) {
                    case 0, 1, 2 -> f.pt.map(iova, f.paBase + start * f.g, len,
                        op.c() % 2 == 0 ? Prot.READ : Prot.READ | Prot.WRITE, op.c() % 3 == 0 ? f.g : -1L);
                    case 3 -> f.pt.unmap(iova, len);
                    case 4 -> f.pt.translate(iova, Access.READ);
                    case 5 -> f.pt.translate(iova, Access.WRITE);
                    case 6 -> f.pt.translatePhys(iova, true);
                    case 7 -> f.pt.split(iova, len, targets[op.c() % targets.length]);
                    case 8 -> f.pt.collapse(iova, len);
                    default -> f.pt.readAndClearDirty(iova, len, op.c() % 2 == 0 ? DirtyFlags.NO_CLEAR : 0,
                        DirtyRecorder.NONE);
                }
            } catch (ErrnoException expected) {
                // refused operations change nothing; the replay checks that too
            }
        }
        Map<Long, long[]> shadow = new HashMap<>();
        for (SimEvent e : log.events()) {
            if (e instanceof TableAllocated a) {
                assertThat(shadow.put(a.tableAddr(), new long[fmt.tableEntries()])).isNull();
            } else if (e instanceof TableFreed fr) {
                assertThat(shadow.remove(fr.tableAddr())).isNotNull();
            } else {
                EntryWrites.forEach(fmt, e, (table, index, iova, old, now) -> {
                    long[] t = shadow.get(table);
                    assertThat(t[index]).as("old value of entry %d of 0x%x in %s", index, table, e).isEqualTo(old);
                    t[index] = now;
                });
            }
        }
        assertThat(shadow).hasSize((int) f.pool.livePages());
        for (Map.Entry<Long, long[]> t : shadow.entrySet()) {
            assertThat(f.pool.copyOf(t.getKey())).as("table 0x%x", t.getKey()).containsExactly(t.getValue());
        }
    }
}

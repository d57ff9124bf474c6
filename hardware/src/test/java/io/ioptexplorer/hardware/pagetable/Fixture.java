package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;

/** Format-independent geometry for tests: granule, the level-1 "huge" size, and aligned bases. */
final class Fixture {
    final PageTableFormat fmt;
    final TablePagePool pool = new TablePagePool();
    final IoPageTable pt;
    final long g;
    final long big;
    final long base;
    final long paBase;

    Fixture(PageTableFormat fmt, EventSink sink) {
        this(fmt, sink, true);
    }

    /** With {@code fastPaths} false the table takes the generic iterator everywhere (no hand-written loops). */
    Fixture(PageTableFormat fmt, EventSink sink, boolean fastPaths) {
        this.fmt = fmt;
        this.pt = new IoPageTable(fmt, pool, sink, fastPaths);
        this.g = fmt.granule();
        this.big = 1L << fmt.itemShift(1);
        this.base = 4 * big;
        this.paBase = 1L << 40;
    }

    Fixture(PageTableFormat fmt) {
        this(fmt, EventSink.NONE);
    }

    /** The two sizes every format has: the granule and the level-1 leaf. */
    long smallAndBig() {
        return g | big;
    }

    /** Like iommufd enabling dirty tracking: read and clear everything once (iopt_set_dirty_tracking). */
    void clearDirty(long iova, long length) {
        pt.readAndClearDirty(iova, length, 0, DirtyRecorder.NONE);
    }
}

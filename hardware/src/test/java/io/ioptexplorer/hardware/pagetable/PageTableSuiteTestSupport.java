package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;

/** Small helpers shared by the page-table tests. */
final class PageTableSuiteTestSupport {
    private PageTableSuiteTestSupport() {
    }

    /** The errno a call fails with, or null when it succeeds. */
    static Errno errno(Runnable r) {
        try {
            r.run();
        } catch (ErrnoException e) {
            return e.errno();
        }
        return null;
    }
}

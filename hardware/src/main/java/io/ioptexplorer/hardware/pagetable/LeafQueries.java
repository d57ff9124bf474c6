package io.ioptexplorer.hardware.pagetable;

/**
 * Read-only queries of an {@link IoPageTable}, each a walk of the one range iterator ({@link PtState}): no entry is
 * written and no event emitted.
 */
final class LeafQueries {
    private final IoPageTable pt;

    LeafQueries(IoPageTable pt) {
        this.pt = pt;
    }

    /**
     * The raw entry at {@code level} on the walk path of {@code iova}, without side effects; 0 when the path ends
     * above that level (or the IOVA is beyond the address width). For the inspector and bit-exact tests.
     */
    long entryAt(long iova, int level) {
        if (Long.compareUnsigned(iova, pt.fmt.maxIova()) > 0 || level < 0 || level > pt.top) {
            return 0;
        }
        for (PtState s = pt.readPointState(iova); ; s = s.descend()) {
            s.first();
            s.load();
            if (s.level == level) {
                return s.entry;
            }
            if (s.type != PageTableFormat.TABLE) {
                return 0;
            }
        }
    }

    /** Physical address of the table at {@code level} on the walk path of {@code iova}, or -1 if there is none. */
    long tableAt(long iova, int level) {
        if (Long.compareUnsigned(iova, pt.fmt.maxIova()) > 0 || level < 0 || level > pt.top) {
            return -1;
        }
        for (PtState s = pt.readPointState(iova); ; s = s.descend()) {
            if (s.level == level) {
                return s.tablePa;
            }
            s.first();
            s.load();
            if (s.type != PageTableFormat.TABLE) {
                return -1;
            }
        }
    }

    /** Every leaf intersecting the walked range, once per leaf (replicas OR'ed), in IOVA order. */
    void visit(PtState s, LeafVisitor v) {
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.TABLE) {
                visit(s.descend(), v);
            } else if (s.type == PageTableFormat.LEAF) {
                v.leaf(s.leafIova(), s.leafSize(), pt.fmt.leafPa(s.entry, s.level), pt.fmt.prot(s.entry),
                    s.leafAccessed(), s.leafDirty());
            }
        }
    }

    /** Every entry the walk meets, present or not, a table entry before the entries of its table. */
    void visitEntries(PtState s, EntryVisitor v) {
        for (s.first(); s.load(); s.next()) {
            v.entry(s);
            if (s.type == PageTableFormat.TABLE) {
                visitEntries(s.descend(), v);
            }
        }
    }

    boolean anyLeaf(PtState s) {
        for (s.first(); s.load(); s.next()) {
            if (s.type == PageTableFormat.LEAF
                || s.type == PageTableFormat.TABLE && anyLeaf(s.descend())) {
                return true;
            }
        }
        return false;
    }
}

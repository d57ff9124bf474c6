package io.ioptexplorer.hardware.pagetable;

/**
 * Read-only visitor of the entries of a range, as {@link IoPageTable#forEachEntry} walks them: the state gives the
 * level, index, table address, raw entry and its kind (and, for a leaf, its whole extent). A replicated leaf is
 * visited once. The state is reused for the next entry: copy what you keep.
 */
@FunctionalInterface
public interface EntryVisitor {
    void entry(PtState at);
}

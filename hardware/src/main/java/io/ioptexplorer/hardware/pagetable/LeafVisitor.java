package io.ioptexplorer.hardware.pagetable;

/** Read-only view of one leaf, as {@link IoPageTable#forEachLeaf} finds it. */
@FunctionalInterface
public interface LeafVisitor {
    void leaf(long iova, long size, long physAddr, int prot, boolean accessed, boolean dirty);
}

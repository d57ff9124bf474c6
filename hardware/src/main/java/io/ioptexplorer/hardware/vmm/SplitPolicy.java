package io.ioptexplorer.hardware.vmm;

/**
 * How IOMMU-tracked HWPTs get dirty granularity finer than their leaves (background/002, Joao Martins' item 4).
 * Only {@link #NONE} and {@link #BASE_PAGES} exist upstream; {@link #EAGER} and {@link #LAZY} use the in-place split
 * and collapse that the thread proposes and upstream Linux does not have.
 */
public enum SplitPolicy {
    /** Dirty at leaf size: a dirty 2 MiB leaf reports 512 pages (upstream behaviour, reference §7 last bullet). */
    NONE,
    /** Map with the host page size from the start (IOMMU_OPTION_HUGE_PAGES = 0), never split. */
    BASE_PAGES,
    /** Proposal 4.a: split every leaf when tracking starts, collapse when it stops. */
    EAGER,
    /** Proposal 4.b: split only leaves seen dirty, at each sync; collapse when tracking stops. */
    LAZY
}

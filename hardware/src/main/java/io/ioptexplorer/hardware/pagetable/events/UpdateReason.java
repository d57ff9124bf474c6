package io.ioptexplorer.hardware.pagetable.events;

/** Why a page-table entry was written. */
public enum UpdateReason {
    MAP,
    UNMAP,
    TABLE_INSTALL,
    TABLE_REMOVE,
    HW_ACCESSED,
    HW_DIRTY,
    CLEAN_DIRTY,
    SPLIT,
    COLLAPSE
}

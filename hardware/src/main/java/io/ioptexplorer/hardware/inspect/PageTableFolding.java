package io.ioptexplorer.hardware.inspect;

import java.util.List;
import java.util.function.Consumer;

/**
 * Folded rows of one page table, for the tree and for {@code dump}. An interface so that the page-table engine's
 * range iterator can serve it later without the views or the command changing.
 */
public interface PageTableFolding {
    /** The rows of the top table. */
    List<PtRow> rootRows();

    /**
     * The rows one level down from {@code row}: the folded entries of the table a {@link PtRow.Kind#TABLE} row points
     * to, or one row per leaf of a folded {@link PtRow.Kind#LEAVES} run. Empty for anything else.
     */
    List<PtRow> expand(PtRow row);

    /** Every leaf of the table in IOVA order, folded into runs across table pages; empty runs are left out. */
    void forEachRun(Consumer<PtRow> out);
}

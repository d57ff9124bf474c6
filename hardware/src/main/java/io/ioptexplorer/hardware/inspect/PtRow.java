package io.ioptexplorer.hardware.inspect;

/**
 * One row of a page table as the tree and {@code dump} show it: a table entry, a run of empty entries, or a run of
 * leaves of the same level, size and attributes (ptdump's folding). A single leaf is a run of one.
 *
 * @param level      generic_pt level of the entries (0 = smallest leaves)
 * @param tablePa    the table page holding the first entry
 * @param firstIndex index of the first entry in that table
 * @param lastIndex  index of the last entry, in the same table for the tree (for {@code dump} runs may span tables:
 *                   then it is the index in the last table)
 * @param firstIova  first IOVA covered
 * @param lastIova   last IOVA covered (inclusive)
 * @param leafSize   bytes per leaf (a replicated AMD leaf counts once, with its whole size); 0 for tables and empties
 * @param count      leaves in the run (1 for a table row; entries for an empty run)
 * @param raw        raw 64-bit value of the first entry
 * @param outputAddress next-table address for a table, output address of the first leaf for a run, 0 when empty
 * @param prot       {@code Prot} bits of the leaves
 * @param accessed   Accessed as software reads it (OR over replicas)
 * @param dirty      Dirty as software reads it (OR over replicas)
 * @param flags      the set one-bit fields of the first entry in the format's own names, and the fields that carry
 *                   the Dirty state with their value (SMMUv3: {@code AP[2]=0})
 */
public record PtRow(Kind kind, int level, long tablePa, int firstIndex, int lastIndex, long firstIova,
                    long lastIova, long leafSize, long count, long raw, long outputAddress, int prot,
                    boolean accessed, boolean dirty, String flags) {

    /** What a row stands for. */
    public enum Kind { TABLE, LEAVES, EMPTY }

    /** Whether the tree may expand this row: a table, or a run of more than one leaf. */
    public boolean expandable() {
        return kind == Kind.TABLE || (kind == Kind.LEAVES && count > 1);
    }

    /** Bytes covered. */
    public long span() {
        return lastIova - firstIova + 1;
    }
}

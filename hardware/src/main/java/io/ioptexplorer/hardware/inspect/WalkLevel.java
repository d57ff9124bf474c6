package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.EntryField;
import java.util.List;

/**
 * One level of a walk: the table read, the index the IOVA selects in it, the entry found and its decoded fields.
 *
 * @param kind {@code PageTableFormat.EMPTY}, {@code TABLE} or {@code LEAF}
 */
public record WalkLevel(int level, long tablePa, int index, long raw, int kind, List<EntryField> fields) {
    public WalkLevel {
        fields = List.copyOf(fields);
    }
}

package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.EntryField;
import java.util.List;

/**
 * One leaf as a format would encode it: the level that holds it, the raw value of its (first) slot, its decoded
 * fields, and how that format marks it dirty. {@code raw} is 0 and {@code note} says why when the format cannot
 * hold a leaf of that size.
 *
 * @param slots           how many slots the leaf occupies (AMD v1 replicates large non-default sizes)
 * @param dirtyFields     names of the fields that carry the Dirty state
 * @param upstreamDirty   whether upstream Linux publishes dirty-tracking ops for this format
 */
public record EncodedLeaf(String format, String family, int level, int slots, long raw, List<EntryField> fields,
                          List<String> dirtyFields, String dirtyMechanism, boolean upstreamDirty, String note) {
    public EncodedLeaf {
        fields = List.copyOf(fields);
        dirtyFields = List.copyOf(dirtyFields);
    }

    public boolean encodable() {
        return note.isEmpty();
    }
}

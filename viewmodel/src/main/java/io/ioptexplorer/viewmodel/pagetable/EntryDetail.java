package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.inspect.EncodedLeaf;
import io.ioptexplorer.hardware.inspect.IotlbLine;
import io.ioptexplorer.hardware.inspect.PtRow;
import io.ioptexplorer.hardware.pagetable.EntryField;
import java.util.List;

/**
 * What the entry inspector shows for the selected row: the first entry's fields as its format decodes them, its raw
 * value at the previous moment (to mark set and cleared bits), the IOTLB entries caching it, and for a leaf the same
 * mapping in every format family, and the events that wrote it (newest first).
 *
 * @param previousRaw the raw value at the previous moment, equal to {@code row.raw()} when unknown or unchanged
 */
public record EntryDetail(String format, PtRow row, List<EntryField> fields, long previousRaw,
                          String dirtyMechanism, List<IotlbLine> cachedBy, List<EncodedLeaf> sameMapping,
                          List<EntryWrite> history) {
    public EntryDetail {
        fields = List.copyOf(fields);
        cachedBy = List.copyOf(cachedBy);
        sameMapping = List.copyOf(sameMapping);
        history = List.copyOf(history);
    }

    /** Bits set since the previous moment. */
    public long bitsSet() {
        return row.raw() & ~previousRaw;
    }

    /** Bits cleared since the previous moment. */
    public long bitsCleared() {
        return previousRaw & ~row.raw();
    }
}

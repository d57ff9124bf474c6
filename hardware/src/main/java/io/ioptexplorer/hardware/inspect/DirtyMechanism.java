package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fields of a leaf carry its Dirty state, found by asking the format to make the entry clean and dirty and
 * comparing the two decodings: AMD v1 and VT-d give D, RISC-V D, SMMUv3 stage 1 AP[2] (clear = dirty, with DBM set),
 * stage 2 S2AP[1]. Nothing vendor-specific is written here, so it cannot disagree with the descriptor.
 */
public final class DirtyMechanism {
    private DirtyMechanism() {
    }

    /** The fields (as decoded from {@code raw}) whose value differs between the clean and the dirty entry. */
    public static List<EntryField> fields(PageTableFormat fmt, long raw, int level) {
        long clean = fmt.makeClean(raw);
        long dirty = fmt.markDirty(clean);
        List<EntryField> out = new ArrayList<>();
        if (clean == dirty) {
            return out; // a leaf hardware cannot make dirty (read-only, or SMMUv3 without DBM)
        }
        long diff = clean ^ dirty;
        for (EntryField f : fmt.decode(raw, level)) {
            if (!LeafAttributes.isAddress(f) && (diff & LeafAttributes.bits(f.hiBit(), f.loBit())) != 0) {
                out.add(f);
            }
        }
        return out;
    }

    /** The value field {@code f} has when the entry is dirty. */
    static long dirtyValue(PageTableFormat fmt, long raw, int level, EntryField f) {
        long d = fmt.markDirty(fmt.makeClean(raw));
        return (d & LeafAttributes.bits(f.hiBit(), f.loBit())) >>> f.loBit();
    }

    /** "D=1", "AP[2]=0 (with DBM=1)": how this format marks the leaf dirty, in its own words. */
    public static String describe(PageTableFormat fmt, long raw, int level) {
        List<EntryField> fs = fields(fmt, raw, level);
        if (fs.isEmpty()) {
            return "cannot become dirty (not writable by hardware)";
        }
        StringBuilder b = new StringBuilder("dirty when ");
        for (int i = 0; i < fs.size(); i++) {
            EntryField f = fs.get(i);
            b.append(i == 0 ? "" : " and ").append(f.name()).append('=').append(dirtyValue(fmt, raw, level, f));
        }
        return b.toString();
    }
}

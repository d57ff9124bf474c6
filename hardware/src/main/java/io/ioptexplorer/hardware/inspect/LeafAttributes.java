package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes two leaves of one format "the same attributes" for folding, and how their flags read, both taken from
 * the format descriptor ({@link PageTableFormat#decode}) rather than from a per-vendor table here: the address field
 * is the decoded field named {@code Address} or {@code PPN}; the Dirty mechanism is the set of fields whose value
 * differs between the entry made clean and made dirty by the format itself.
 */
final class LeafAttributes {
    private final PageTableFormat fmt;
    /** Per level and kind: the raw bits that are not the output address (0 until first computed). */
    private final long[] attrMask;
    /**
     * Flags text by level, kind, dirty and attribute bits: it depends on nothing else, and decoding builds strings,
     * so a table page of 512 rows decodes each distinct attribute set once.
     */
    private final Map<Long, String>[] flagsCache;

    @SuppressWarnings("unchecked")
    LeafAttributes(PageTableFormat fmt) {
        this.fmt = fmt;
        this.attrMask = new long[fmt.levels() * 3];
        this.flagsCache = new Map[fmt.levels() * 6];
    }

    /**
     * The leaf's attribute bits with Accessed and Dirty normalised to the OR over its replicas, so every replica
     * and every leaf of a run with the same permissions, cache attributes and A/D state gives the same key.
     */
    long key(long raw, int level, boolean accessed, boolean dirty) {
        long r = fmt.makeClean(fmt.clearAccessed(raw));
        if (accessed) {
            r = fmt.markAccessed(r);
        }
        if (dirty) {
            r = fmt.markDirty(r);
        }
        return r & mask(raw, level);
    }

    private long mask(long raw, int level) {
        int slot = level * 3 + fmt.kind(raw, level);
        long m = attrMask[slot];
        if (m == 0) {
            m = -1L;
            for (EntryField f : fmt.decode(raw, level)) {
                if (isAddress(f)) {
                    m &= ~bits(f.hiBit(), f.loBit());
                }
            }
            attrMask[slot] = m;
        }
        return m;
    }

    static boolean isAddress(EntryField f) {
        return f.name().equals("Address") || f.name().equals("PPN");
    }

    static long bits(int hi, int lo) {
        return (hi == 63 ? -1L : (1L << (hi + 1)) - 1) & -(1L << lo);
    }

    /**
     * The set one-bit fields of the entry, in the format's names, then every field that carries the Dirty state
     * with its value when it is not already listed (so SMMUv3 stage 1 reads {@code ... DBM AP[2]=0}).
     */
    String flags(long raw, int level, boolean dirty) {
        int slot = (level * 3 + fmt.kind(raw, level)) * 2 + (dirty ? 1 : 0);
        Map<Long, String> cache = flagsCache[slot];
        if (cache == null || cache.size() > 4096) {
            cache = new HashMap<>();
            flagsCache[slot] = cache;
        }
        return cache.computeIfAbsent(raw & mask(raw, level), k -> decodeFlags(raw, level, dirty));
    }

    private String decodeFlags(long raw, int level, boolean dirty) {
        List<EntryField> fields = fmt.decode(raw, level);
        StringBuilder b = new StringBuilder();
        for (EntryField f : fields) {
            if (f.hiBit() == f.loBit() && f.value() == 1) {
                b.append(b.isEmpty() ? "" : " ").append(f.name());
            }
        }
        if (fmt.kind(raw, level) == PageTableFormat.LEAF) {
            for (EntryField f : DirtyMechanism.fields(fmt, raw, level)) {
                long v = dirty ? DirtyMechanism.dirtyValue(fmt, raw, level, f) : f.value();
                if (!(f.hiBit() == f.loBit() && v == 1)) {
                    b.append(b.isEmpty() ? "" : " ").append(f.name()).append('=').append(v);
                }
            }
        }
        return b.toString();
    }

    /** "RW A dirty": permissions, Accessed, and the dirty state in words. */
    static String summary(int prot, boolean accessed, boolean dirty) {
        return Sizes.prot(prot) + (accessed ? " A" : " -") + ((prot & Prot.WRITE) == 0 ? "" : dirty ? " dirty"
            : " clean");
    }
}

package io.ioptexplorer.hardware.pagetable;

/**
 * One named bit field of a decoded page-table entry, for the inspector.
 *
 * @param value   the field's value, shifted down to bit 0, except address fields, which hold the byte address
 * @param meaning a short explanation; fields whose position is not confirmed by a primary source say "unverified"
 */
public record EntryField(String name, int hiBit, int loBit, long value, String meaning) {
    /** Whether the field's behaviour is upstream, a proposal, or unverified. */
    public enum Status { UPSTREAM, PROPOSAL, UNVERIFIED }

    /**
     * The field's status as its descriptor states it in {@link #meaning()} (dirty-tracking.md marks what is
     * unverified; the format classes carry that word into the meaning, so there is one place to write it).
     */
    public Status status() {
        String m = meaning.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("unverified")) {
            return Status.UNVERIFIED;
        }
        return m.contains("proposal") ? Status.PROPOSAL : Status.UPSTREAM;
    }

    /** Number of bits the field spans. */
    public int width() {
        return hiBit - loBit + 1;
    }
}

package io.ioptexplorer.hardware.pagetable;

/**
 * One named bit field of a decoded page-table entry, for the inspector.
 *
 * @param value   the field's value, shifted down to bit 0, except address fields, which hold the byte address
 * @param meaning a short explanation; fields whose position is not confirmed by a primary source say "unverified"
 */
public record EntryField(String name, int hiBit, int loBit, long value, String meaning) {
}

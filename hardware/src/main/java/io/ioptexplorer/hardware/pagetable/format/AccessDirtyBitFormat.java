package io.ioptexplorer.hardware.pagetable.format;

/**
 * A format whose Accessed and Dirty states are each one bit that hardware sets and software clears: AMD v1 (A, D in
 * bits 5/6), VT-d second stage (8/9), RISC-V (6/7). Arm's DBM/AP[2] scheme is not of this kind and implements the
 * operations itself.
 */
abstract class AccessDirtyBitFormat extends AbstractFormat {

    private final long accessedBit;
    private final long dirtyBit;

    AccessDirtyBitFormat(String name, int granuleShift, int bitsPerLevel, int levels, int vaBits, int oaBits,
                         long accessedBit, long dirtyBit) {
        super(name, granuleShift, bitsPerLevel, levels, vaBits, oaBits);
        this.accessedBit = accessedBit;
        this.dirtyBit = dirtyBit;
    }

    final long accessedBit() {
        return accessedBit;
    }

    final long dirtyBit() {
        return dirtyBit;
    }

    @Override
    public final boolean isAccessed(long pte) {
        return (pte & accessedBit()) != 0;
    }

    @Override
    public final boolean isDirty(long pte) {
        return (pte & dirtyBit()) != 0;
    }

    @Override
    public final long markAccessed(long pte) {
        return pte | accessedBit();
    }

    @Override
    public final long clearAccessed(long pte) {
        return pte & ~accessedBit();
    }

    @Override
    public final long markDirty(long pte) {
        return pte | dirtyBit();
    }

    @Override
    public final long makeClean(long pte) {
        return pte & ~dirtyBit();
    }
}

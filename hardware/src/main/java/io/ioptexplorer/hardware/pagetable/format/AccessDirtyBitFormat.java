package io.ioptexplorer.hardware.pagetable.format;

/**
 * A format whose Accessed and Dirty states are each one bit that hardware sets and software clears: AMD v1 (A, D in
 * bits 5/6), VT-d second stage (8/9), RISC-V (6/7). Arm's DBM/AP[2] scheme is not of this kind and implements the
 * operations itself. Subclasses return their bit as a constant, so the JIT folds these calls to one AND or OR.
 */
abstract class AccessDirtyBitFormat extends AbstractFormat {

    AccessDirtyBitFormat(String name, int granuleShift, int bitsPerLevel, int levels, int vaBits, int oaBits) {
        super(name, granuleShift, bitsPerLevel, levels, vaBits, oaBits);
    }

    /** The Accessed bit as a mask. */
    abstract long accessedBit();

    /** The Dirty bit as a mask. */
    abstract long dirtyBit();

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

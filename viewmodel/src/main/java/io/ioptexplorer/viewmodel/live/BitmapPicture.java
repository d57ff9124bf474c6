package io.ioptexplorer.viewmodel.live;

import java.util.BitSet;

/**
 * A dirty bitmap a step returned, copied for the screen: bit i = page i of the range, and the kernel-layout bytes in
 * hexadecimal. Immutable: the bits are copied in and never handed out.
 */
public final class BitmapPicture {
    private final BitSet bits;
    private final long nbits;
    private final String hex;

    public BitmapPicture(BitSet bits, long nbits, String hex) {
        this.bits = (BitSet) bits.clone();
        this.nbits = nbits;
        this.hex = hex;
    }

    public long nbits() {
        return nbits;
    }

    public String hex() {
        return hex;
    }

    public long cardinality() {
        return bits.cardinality();
    }

    /** Set bits in [from, to). */
    public int count(long from, long to) {
        int n = 0;
        for (int i = bits.nextSetBit((int) from); i >= 0 && i < to; i = bits.nextSetBit(i + 1)) {
            n++;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitmapPicture b && b.nbits == nbits && b.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode() * 31 + Long.hashCode(nbits);
    }
}

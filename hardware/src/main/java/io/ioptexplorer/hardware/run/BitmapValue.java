package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import java.util.BitSet;

/**
 * A dirty bitmap as a step result: the bits (bit i = page i of the range) for expectations and views, and the
 * bytes in hexadecimal (bit i in byte i/8 at bit i%8, the kernel's byte-wise layout) for the JSON report.
 */
public record BitmapValue(BitSet bits, long nbits, String hex) {

    public static BitmapValue of(IovaBitmap b) {
        BitSet bits = new BitSet();
        for (long i = b.nextSetBit(0); i >= 0 && i < b.nbits(); i = b.nextSetBit(i + 1)) {
            bits.set((int) i);
        }
        return new BitmapValue(bits, b.nbits(), b.toHex());
    }

    public long cardinality() {
        return bits.cardinality();
    }
}

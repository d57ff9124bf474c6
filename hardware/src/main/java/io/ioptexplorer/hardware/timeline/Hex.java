package io.ioptexplorer.hardware.timeline;

/**
 * A field value that is an address or a raw entry: written as an unsigned hexadecimal string ({@code "0x1f000"}),
 * as the kernel's traces and the README's trace format show them.
 */
public record Hex(long value) {
    @Override
    public String toString() {
        return io.ioptexplorer.hardware.bitmap.IovaMath.hex(value);
    }
}

package io.ioptexplorer.hardware.pagetable;

/** The kind of DMA access a translation is made for. */
public enum Access {
    READ,
    WRITE
}

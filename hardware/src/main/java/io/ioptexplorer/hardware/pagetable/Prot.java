package io.ioptexplorer.hardware.pagetable;

/** DMA permission bits of a mapping, as the kernel's {@code IOMMU_READ} / {@code IOMMU_WRITE}. */
public final class Prot {
    public static final int READ = 1;
    public static final int WRITE = 2;

    private Prot() {
    }

    public static String toString(int prot) {
        return ((prot & READ) != 0 ? "R" : "-") + ((prot & WRITE) != 0 ? "W" : "-");
    }
}

package io.ioptexplorer.hardware.iommufd;

/** One mapping of an IOAS: IOVA range, the physical memory behind it, and its permissions. */
public record IoasArea(long iova, long length, long physAddr, int prot) {
    public long end() {
        return iova + length;
    }

    public boolean overlaps(long start, long endExclusive) {
        return Long.compareUnsigned(iova, endExclusive) < 0 && Long.compareUnsigned(start, end()) < 0;
    }
}

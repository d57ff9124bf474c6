package io.ioptexplorer.hardware.iommufd;

/** One mapping of an IOAS: IOVA range, the physical memory behind it, and its permissions. */
public record IoasArea(long iova, long length, long physAddr, int prot) {
    public long end() {
        return iova + length;
    }

    /** The last IOVA of the mapping (inclusive, so a mapping ending at 2^64 has last 0xffffffffffffffff). */
    public long last() {
        return iova + length - 1;
    }

    /** Whether the mapping meets [first, last], inclusive as the kernel's interval trees are (no wrap at 2^64). */
    public boolean meets(long first, long last) {
        return Long.compareUnsigned(iova, last) <= 0 && Long.compareUnsigned(first, last()) <= 0;
    }
}

package io.ioptexplorer.hardware.kvm;

/**
 * Counters of a {@link VcpuDirtyLog}.
 *
 * @param writes guest writes seen (each may span pages)
 * @param pagesLogged pages newly recorded dirty (bitmap bit set from 0, or ring entry pushed)
 * @param ringFullStops times a vCPU stopped on a full dirty ring
 * @param entriesHarvested dirty-ring entries collected by userspace
 * @param entriesReset dirty-ring entries recycled by KVM_RESET_DIRTY_RINGS
 * @param writesRefusedStopped writes attempted by a vCPU stopped on a full ring (not performed)
 * @param writesOutsideMemslots writes that hit no memslot (MMIO in a real VM; not logged)
 */
public record DirtyLogStats(long writes, long pagesLogged, long ringFullStops, long entriesHarvested,
        long entriesReset, long writesRefusedStopped, long writesOutsideMemslots) {
}

package io.ioptexplorer.hardware.pagetable;

/**
 * The result of one hardware walk. On a fault {@code faulted} is true, {@code fault} names why and the address
 * fields describe the leaf if one was found (0 otherwise).
 *
 * @param dirtyBefore the leaf's dirty state as software reads it before this access (OR of replicas)
 * @param dirtyAfter  the leaf's dirty state after it
 * @param levelsWalked how many entries were read, top level first
 */
public record Translation(long iova, Access access, boolean faulted, FaultReason fault, long physAddr,
                          long leafIova, long leafSize, int prot, boolean dirtyBefore, boolean dirtyAfter,
                          int levelsWalked) {
}

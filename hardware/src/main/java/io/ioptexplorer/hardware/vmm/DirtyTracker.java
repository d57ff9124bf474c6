package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import java.util.Set;

/**
 * One dirty source the VMM syncs into the migration dirty set, the way each QEMU MemoryListener's
 * {@code log_sync} writes into one global bitmap (reference §6). Every tracker reports 4 KiB guest pages (IOVA = GPA
 * in the VMM's mapping).
 */
public interface DirtyTracker {
    /** A stable name for reports and events, e.g. {@code kvm}, {@code iommu:hwpt3}, {@code device:nic0}. */
    String name();

    TrackerKind kind();

    /** Ground-truth sources this tracker covers: {@code vcpus} or device ids. */
    Set<String> sources();

    void start();

    /** Reads (and clears) what was dirtied since the previous sync. */
    DirtySet sync();

    void stop();
}

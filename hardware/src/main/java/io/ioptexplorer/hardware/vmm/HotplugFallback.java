package io.ioptexplorer.hardware.vmm;

/**
 * What the VMM does when a hot-plugged device sits behind an IOMMU without dirty tracking, so its attach to the VM's
 * dirty-tracking HWPT fails with EINVAL (the 2022 thread, background/001: "how does it know a failed attach is due
 * to missing dirty tracking support ... and then creates another domain which disables dirty tracking and
 * retry-attach again?"). In every case the device is attached to a second HWPT without tracking so that it works;
 * the choice is how migration treats it.
 */
public enum HotplugFallback {
    /** The device is counted all-dirty at every sync. */
    SECOND_HWPT_ALL_DIRTY,
    /** The device is suspended before pre-copy starts. */
    SUSPEND_EARLY,
    /** Migration is blocked while the device is present. */
    BLOCK_MIGRATION
}

package io.ioptexplorer.hardware.vmm;

/**
 * How one device's DMA dirtying is handled in a migration.
 *
 * @param tracker IOMMU or DEVICE when tracked, ALL_DIRTY when counted all-dirty, null when suspended or blocked
 */
public record DevicePlan(String deviceId, TrackerKind tracker, Treatment treatment, String reason) {
    /** The four outcomes of the tracker policy. */
    public enum Treatment { TRACKED, ALL_DIRTY, SUSPENDED_EARLY, BLOCKED }
}

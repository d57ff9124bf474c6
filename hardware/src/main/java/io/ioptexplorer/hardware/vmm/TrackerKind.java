package io.ioptexplorer.hardware.vmm;

/** The dirty sources a VMM syncs: KVM's log of vCPU writes, an IOMMU HWPT, a device's DMA log, or "all mapped". */
public enum TrackerKind {
    KVM, IOMMU, DEVICE, ALL_DIRTY;

    /** Whether this is a VFIO-side tracker (its sync is skipped while devices run with x-pre-copy-dirty-page-tracking off). */
    public boolean vfio() {
        return this != KVM;
    }
}

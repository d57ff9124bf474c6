package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommu.IommuUnit;

/** A paging hardware page table object: a domain bound to the IOAS it mirrors. */
public record Hwpt(int id, Ioas ioas, IommuDomain domain, IommuUnit allocatedFor) {
}

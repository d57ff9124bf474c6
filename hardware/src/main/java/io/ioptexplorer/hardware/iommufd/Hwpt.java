package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.iommu.IommuDomain;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.sim.CopyContext;

/** A paging hardware page table object: a domain bound to the IOAS it mirrors. */
public record Hwpt(int id, Ioas ioas, IommuDomain domain, IommuUnit allocatedFor) {
    /** The same HWPT on the copies of its IOAS, domain and unit (one record per copy, as iommufd holds one). */
    public Hwpt copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Hwpt(id, ioas.copy(c), domain.copy(c), allocatedFor == null ? null
                : allocatedFor.copy(c)));
    }
}

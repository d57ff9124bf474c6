package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;

/**
 * Whether a paging domain allocated on one IOMMU instance may take a device behind another: each driver's own rule,
 * checked at attach time as the kernel does (there is no iommufd-level check of the instance).
 * <ul>
 * <li>A domain of another driver (another model): the core refuses it with EINVAL (the domain's ops are not the
 * device's IOMMU's; {@code __iommu_attach_group}).
 * <li>AMD ({@code amd_iommu_attach_device}) and the iommufd mock ({@code mock_domain_nop_attach}): a domain spans
 * units; only dirty tracking is enforced per unit: a domain with dirty ops refuses a unit without HD support, EINVAL.
 * <li>VT-d ({@code paging_domain_compatible}): a domain spans units that are compatible with it: the same page-table
 * geometry (address width and super-page sizes; here: the same format) and, with dirty ops, {@code ssads_supported()}
 * on the new unit; otherwise EINVAL.
 * <li>SMMUv3 ({@code arm_smmu_attach_dev}): a domain is finalised on the first SMMU it is attached to and refuses
 * every other SMMU with EINVAL ({@code smmu_domain->smmu != smmu}).
 * <li>RISC-V ({@code riscv_iommu_attach_paging_domain}): a domain spans units (bonds) of the same page-table mode;
 * unverified beyond that, modelled like VT-d.
 * </ul>
 */
public final class AttachRule {
    private AttachRule() {
    }

    /** Throws the driver's errno if {@code domain} (allocated on {@code owner}) cannot take a device on {@code unit}. */
    public static void check(IommuDomain domain, IommuUnit owner, IommuUnit unit, String deviceId) {
        if (unit.model() != domain.model()) {
            throw new ErrnoException(Errno.EINVAL, "device " + deviceId + " is behind " + unit.id() + " ("
                    + unit.model().key() + "), but domain " + domain.id() + " belongs to the "
                    + domain.model().key() + " driver; a domain only attaches through its own driver's ops");
        }
        switch (domain.model()) {
            case SMMUV3 -> {
                if (owner != null && owner != unit) {
                    throw new ErrnoException(Errno.EINVAL, "device " + deviceId + " is behind " + unit.id()
                            + ", but domain " + domain.id() + " is bound to " + owner.id() + ": an SMMUv3 domain"
                            + " serves only the SMMU it was finalised on (arm_smmu_attach_dev)");
                }
            }
            case VTD_SS, RISCV -> {
                if (!unit.format().name().equals(domain.format().name())) {
                    throw new ErrnoException(Errno.EINVAL, "device " + deviceId + " is behind " + unit.id()
                            + " whose page-table format " + unit.format().name() + " is not compatible with"
                            + " domain " + domain.id() + "'s " + domain.format().name()
                            + " (paging_domain_compatible)");
                }
            }
            case AMD_V1, MOCK -> {
                // Spans units: the v1 page table is the same on every AMD IOMMU; the mock has one format.
            }
        }
        if (domain.hasDirtyOps() && !unit.dirtyTrackingCapable()) {
            throw new ErrnoException(Errno.EINVAL, "domain " + domain.id() + " was allocated with dirty tracking,"
                    + " but " + deviceId + "'s IOMMU " + unit.id() + " cannot track dirty pages (dirty tracking is"
                    + " enforced per unit on attach)");
        }
    }
}

package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;

/**
 * Whether a paging domain allocated on one IOMMU instance may take a device behind another: each driver's own rule,
 * checked at attach time as the kernel does (there is no iommufd-level check of the instance). Since Linux 6.2 a
 * driver answers an incompatible domain with EINVAL (commit f4a14773 "iommu: Use EINVAL for incompatible
 * device/domain in ->attach_dev"; the EMEDIUMTYPE proposal of 2022 was replaced by it and never merged), except
 * RISC-V, which answers ENODEV. Read from the sources with the project's code search on 2026-11-29:
 * <ul>
 * <li>A domain of another driver: the core refuses it with EINVAL (the domain's ops are not the device's IOMMU's).
 * <li>AMD {@code amd_iommu_attach_device} (drivers/iommu/amd/iommu.c): a domain spans units; the only per-unit check
 * is "dirty_ops && !amd_iommu_hd_support(iommu)" (EFR.HDSup), EINVAL.
 * <li>The iommufd mock {@code mock_domain_nop_attach}: MOCK_FLAGS_DEVICE_NO_DIRTY with dirty_ops, EINVAL.
 * <li>VT-d {@code paging_domain_compatible} (drivers/iommu/intel/iommu.c as split by "iommu/vt-d: Split
 * paging_domain_compatible()", Linux 6.17): for a second-stage domain, in this order: dirty_ops needs
 * {@code ssads_supported()}; nested_parent needs {@code nested_supported()} (not simulated: NEST_PARENT allocations
 * are refused before any attach); in scalable mode ECAP.SLTS; a 2 MiB or 1 GiB page in the domain's pgsize_bitmap
 * needs that CAP.SSLPS bit; then force_snooping needs ECAP.SC; page-walk coherency must match (every simulated unit
 * walks coherently); the domain's gaw and agaw must not exceed the unit's (SAGAW capped by MGAW). All EINVAL.
 * Whether d373449d8e97 ("iommu/vt-d: Use the generic iommu page table", 6.19) reworded the width check is unverified.
 * <li>SMMUv3 {@code arm_smmu_attach_dev} (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c): a domain is finalised for
 * the SMMU of the device it is allocated for (48e7b8e284e5, 6.14) and "smmu_domain->smmu != smmu" gives EINVAL.
 * Dirty tracking needs no attach check: the domain never leaves its SMMU.
 * <li>RISC-V {@code riscv_iommu_attach_paging_domain} (drivers/iommu/riscv/iommu.c): a domain spans units (bonds) whose
 * capabilities include the domain's Sv mode ({@code riscv_iommu_pt_supported}), else ENODEV. Upstream publishes no
 * dirty ops, so the dirty check below never applies.
 * </ul>
 */
public final class AttachRule {
    private static final long SZ_2M = 2L << 20;
    private static final long SZ_1G = 1L << 30;

    private AttachRule() {
    }

    /** Throws the driver's errno if {@code domain} (allocated on {@code owner}) cannot take a device on {@code unit}. */
    public static void check(IommuDomain domain, IommuUnit owner, IommuUnit unit, String deviceId) {
        if (unit.model() != domain.model()) {
            throw new ErrnoException(Errno.EINVAL, "device " + deviceId + " is behind " + unit.id() + " ("
                    + unit.model().key() + "), but domain " + domain.id() + " belongs to the "
                    + domain.model().key() + " driver; a domain only attaches through its own driver's ops");
        }
        String refusal = switch (domain.model()) {
            case SMMUV3 -> owner != null && owner != unit ? "domain " + domain.id() + " is bound to " + owner.id()
                    + ": an SMMUv3 domain serves only the SMMU it was finalised for (arm_smmu_attach_dev)" : null;
            case VTD_SS -> vtdIncompatibility(domain, owner, unit);
            case RISCV -> riscvIncompatibility(domain, unit);
            case AMD_V1, MOCK -> null; // spans units; only dirty tracking is per unit (below)
        };
        if (refusal != null) {
            throw new ErrnoException(domain.model() == IommuModel.RISCV ? Errno.ENODEV : Errno.EINVAL,
                    "device " + deviceId + " is behind " + unit.id() + ", but " + refusal);
        }
        if (domain.hasDirtyOps() && !unit.dirtyTrackingCapable()) {
            throw new ErrnoException(Errno.EINVAL, "domain " + domain.id() + " was allocated with dirty tracking,"
                    + " but " + deviceId + "'s IOMMU " + unit.id() + " cannot track dirty pages (dirty tracking is"
                    + " enforced per unit on attach)");
        }
    }

    /** The first check of {@code paging_domain_compatible} that fails, in the kernel's order, or null. */
    private static String vtdIncompatibility(IommuDomain domain, IommuUnit owner, IommuUnit unit) {
        String where = " (paging_domain_compatible)";
        if (domain.hasDirtyOps() && !unit.dirtyTrackingCapable()) {
            return "domain " + domain.id() + " has dirty ops and " + unit.id() + " lacks ssads_supported()"
                    + " (ECAP.SMTS, SSADS and SMPWC)" + where;
        }
        if (!unit.vtdSecondStage()) {
            return unit.id() + " has no second-stage translation in scalable mode (ECAP.SLTS is 0), and domain "
                    + domain.id() + " is a second-stage domain" + where;
        }
        int sslps = unit.vtdSuperPages();
        if ((sslps & 1) == 0 && (domain.pgsizeBitmap() & SZ_2M) != 0) {
            return "domain " + domain.id() + " maps 2 MiB pages and " + unit.id() + " has no 2 MiB second-stage"
                    + " pages (CAP.SSLPS bit 0 is 0)" + where;
        }
        if ((sslps & 2) == 0 && (domain.pgsizeBitmap() & SZ_1G) != 0) {
            return "domain " + domain.id() + " maps 1 GiB pages and " + unit.id() + " has no 1 GiB second-stage"
                    + " pages (CAP.SSLPS bit 1 is 0)" + where;
        }
        if (domain.forceSnooping() && !unit.vtdSnoopControl()) {
            return "domain " + domain.id() + " forces snooping (iommufd enforced cache coherency on it) and "
                    + unit.id() + " has no snoop control (ECAP.SC is 0)" + where;
        }
        int levels = domain.format().levels();
        int domainAgaw = owner != null ? owner.vtdAgaw() : levels - 2;
        int domainGaw = owner != null ? owner.vtdAddressWidth() : Capabilities.vtdWidth(levels);
        if (domainGaw > unit.vtdAddressWidth() || domainAgaw > unit.vtdAgaw()) {
            return "domain " + domain.id() + " has a " + domainGaw + "-bit address width (" + levels + " levels) and "
                    + unit.id() + " reaches only " + unit.vtdAddressWidth() + " bits (CAP.SAGAW/MGAW)" + where;
        }
        return null;
    }

    private static String riscvIncompatibility(IommuDomain domain, IommuUnit unit) {
        int levels = domain.format().levels();
        if (unit.riscvModeSupported(levels)) {
            return null;
        }
        return "domain " + domain.id() + " walks Sv" + (30 + 9 * (levels - 2)) + " and " + unit.id()
                + "'s capabilities do not include that mode (riscv_iommu_attach_paging_domain:"
                + " riscv_iommu_pt_supported)";
    }
}

package io.ioptexplorer.hardware.iommu;

import io.ioptexplorer.hardware.iommu.Register.Field;
import java.util.List;

/**
 * The capability register of each model with the bits that advertise hardware Accessed/Dirty updates, and the
 * per-device descriptor word with the knob that turns them on. Bit positions from reference/dirty-tracking.md §4
 * (AMD: drivers/iommu/amd/amd_iommu_types.h; VT-d: drivers/iommu/intel/iommu.h, pasid.c; SMMUv3:
 * arm-smmu-v3.h; RISC-V: drivers/iommu/riscv/iommu-bits.h).
 */
public final class Capabilities {
    private Capabilities() {
    }

    /** {@link #capabilityRegister(IommuModel, IommuFeatures, int)} of a unit with 4 levels (RISC-V Sv48). */
    public static Register capabilityRegister(IommuModel model, IommuFeatures f) {
        return capabilityRegister(model, f, 4);
    }

    /**
     * The capability register a driver reads to decide whether the unit can track dirty pages and which domains it
     * can take.
     *
     * @param levels the unit's page-table levels (RISC-V: 3, 4, 5 for Sv39, Sv48, Sv57)
     */
    public static Register capabilityRegister(IommuModel model, IommuFeatures f, int levels) {
        Register r;
        switch (model) {
            case AMD_V1 -> {
                r = new Register("EFR", List.of(
                        new Field("GIOSup", 48, 48, "guest I/O protection"),
                        new Field("HASup", 49, 49, "host page-table Access bit update support"),
                        new Field("EPHSup", 50, 50, "enhanced PPR handling"),
                        new Field("HDSup", 52, 52, "host page-table Dirty bit update support; Linux reports "
                                + "IOMMU_CAP_DIRTY_TRACKING iff set")));
                r.set("HASup", f.accessTracking() || f.dirtyTracking() ? 1 : 0);
                r.set("HDSup", f.dirtyTracking() ? 1 : 0);
            }
            case VTD_SS -> {
                r = new Register("ECAP", List.of(
                        new Field("SC", 7, 7, "snoop control: the unit can force snooping; Linux reports"
                                + " IOMMU_CAP_ENFORCE_CACHE_COHERENCY iff set"),
                        new Field("SMTS", 43, 43, "scalable mode translation support; Linux's sm_supported() needs"
                                + " it"),
                        new Field("SSADS", 45, 45, "second-stage Accessed/Dirty support (older name SLADS)"),
                        new Field("SLTS", 46, 46, "second-stage translation support; in scalable mode a"
                                + " second-stage domain needs it (paging_domain_compatible_second_stage)"),
                        new Field("SMPWC", 48, 48, "scalable-mode page-walk coherency; current kernels need it for"
                                + " ssads_supported()")));
                // ssads_supported(iommu) = sm_supported(iommu) && ecap_slads(ecap) && ecap_smpwc(ecap)
                // (drivers/iommu/intel/iommu.h). The simulated unit runs in scalable mode with coherent walks;
                // VT-d has one bit for both A and D updates.
                r.set("SMTS", 1);
                r.set("SMPWC", 1);
                r.set("SSADS", f.dirtyTracking() ? 1 : 0);
                r.set("SC", f.vtd().snoopControl() ? 1 : 0);
                r.set("SLTS", f.vtd().secondStage() ? 1 : 0);
            }
            case SMMUV3 -> {
                r = new Register("IDR0", List.of(
                        new Field("COHACC", 4, 4, "coherent access to memory (ARM_SMMU_FEAT_COHERENCY); "
                                + "arm_smmu_dbm_capable() needs it with HTTU dirty state"),
                        new Field("HTTU", 7, 6, "0 none, 1 Access flag, 2 Access flag and dirty state, "
                                + "3 also HAFT")));
                // arm_smmu_dbm_capable(): ARM_SMMU_FEAT_HD and ARM_SMMU_FEAT_COHERENCY both. The simulated SMMU's
                // table walks are coherent.
                r.set("COHACC", 1);
                r.set("HTTU", f.dirtyTracking() ? 2 : f.accessTracking() ? 1 : 0);
            }
            case RISCV -> {
                r = new Register("capabilities", List.of(
                        new Field("Sv39", 9, 9, "first-stage Sv39 (3 levels); an Sv48 or Sv57 unit is given"
                                + " every smaller mode too (unverified assumption)"),
                        new Field("Sv48", 10, 10, "first-stage Sv48 (4 levels)"),
                        new Field("Sv57", 11, 11, "first-stage Sv57 (5 levels)"),
                        new Field("AMO_HWAD", 24, 24, "hardware A/D updates with atomic memory operations")));
                // A unit walking Sv48 advertises Sv39 too (assumed, as RISC-V harts do; unverified for the
                // IOMMU); riscv_iommu_alloc_paging_domain picks the largest mode of these bits.
                r.set("Sv39", levels >= 3 ? 1 : 0);
                r.set("Sv48", levels >= 4 ? 1 : 0);
                r.set("Sv57", levels >= 5 ? 1 : 0);
                r.set("AMO_HWAD", f.dirtyTracking() || f.accessTracking() ? 1 : 0);
            }
            case MOCK -> {
                r = new Register("mock_flags", List.of(
                        new Field("NO_DIRTY", 0, 0, "MOCK_FLAGS_DEVICE_NO_DIRTY: the device's IOMMU has no dirty "
                                + "capability (drivers/iommu/iommufd/iommufd_test.h)")));
                r.set("NO_DIRTY", f.dirtyTracking() ? 0 : 1);
            }
            default -> throw new IllegalArgumentException(model.toString());
        }
        return r;
    }

    /**
     * VT-d's CAP register (the one beside ECAP): SAGAW and MGAW from the unit's levels (a 3/4/5-level unit adjusts
     * 39/48/57-bit guest addresses) and SSLPS from {@link VtdCaps}. Null for the other models. Bit positions from
     * drivers/iommu/intel/iommu.h ({@code cap_sagaw}, {@code cap_mgaw}, {@code cap_super_page_val}).
     */
    public static Register vtdCap(IommuModel model, IommuFeatures f, int levels) {
        if (model != IommuModel.VTD_SS) {
            return null;
        }
        Register r = new Register("CAP", List.of(
                new Field("SAGAW", 12, 8, "supported adjusted guest address widths: bit 1 = 39-bit (3 levels),"
                        + " bit 2 = 48-bit (4 levels), bit 3 = 57-bit (5 levels)"),
                new Field("MGAW", 21, 16, "maximum guest address width, minus one"),
                new Field("SSLPS", 37, 34, "second-stage large pages: bit 0 = 2 MiB, bit 1 = 1 GiB")));
        r.set("SAGAW", 1L << (levels - 2));
        r.set("MGAW", vtdWidth(levels) - 1);
        r.set("SSLPS", (f.vtd().superPage2M() ? 1 : 0) | (f.vtd().superPage1G() ? 2 : 0));
        return r;
    }

    /** agaw_to_width: 30 + 9 bits per level above two. */
    public static int vtdWidth(int levels) {
        return 30 + 9 * (levels - 2);
    }

    /** Whether the hardware can set Dirty bits, read from the register the way the driver reads it. */
    public static boolean hardwareDirty(IommuModel model, Register caps) {
        return switch (model) {
            case AMD_V1 -> caps.isSet("HDSup");
            case VTD_SS -> caps.isSet("SMTS") && caps.isSet("SSADS") && caps.isSet("SMPWC");
            case SMMUV3 -> caps.get("HTTU") >= 2 && caps.isSet("COHACC");
            case RISCV -> caps.isSet("AMO_HWAD");
            case MOCK -> !caps.isSet("NO_DIRTY");
        };
    }

    /** Whether the hardware can set Accessed bits. */
    public static boolean hardwareAccess(IommuModel model, Register caps) {
        return switch (model) {
            case AMD_V1 -> caps.isSet("HASup");
            case VTD_SS -> caps.isSet("SSADS");
            case SMMUV3 -> caps.get("HTTU") >= 1;
            case RISCV -> caps.isSet("AMO_HWAD");
            case MOCK -> true;
        };
    }

    /** A fresh per-device descriptor word holding the A/D enable knob, as the driver writes it at attach. */
    public static Register deviceContext(IommuModel model) {
        return switch (model) {
            case AMD_V1 -> new Register("DTE", List.of(
                    new Field("V", 0, 0, "valid"),
                    new Field("TV", 1, 1, "translation valid"),
                    new Field("HAD", 8, 7, "host Access/Dirty update enable; Linux writes 11b "
                            + "(meaning of 01b/10b unverified)"),
                    new Field("Mode", 11, 9, "page-table levels")));
            case VTD_SS -> new Register("PASID-entry q0", List.of(
                    new Field("P", 0, 0, "present"),
                    new Field("SSADE", 9, 9, "second-stage Accessed/Dirty enable (older name SLADE)")));
            case SMMUV3 -> new Register("CD dword0", List.of(
                    new Field("V", 31, 31, "valid"),
                    new Field("HD", 42, 42, "hardware dirty-state update (CTXDESC_CD_0_TCR_HD)"),
                    new Field("HA", 43, 43, "hardware Access flag update (CTXDESC_CD_0_TCR_HA)")));
            case RISCV -> new Register("DC.tc", List.of(
                    new Field("V", 0, 0, "valid"),
                    new Field("GADE", 7, 7, "G-stage A/D update enable"),
                    new Field("SADE", 8, 8, "first-stage A/D update enable")));
            case MOCK -> new Register("mock domain", List.of(
                    new Field("DIRTY_TRACKING", 0, 0, "mock_domain_set_dirty_tracking() state "
                            + "(drivers/iommu/iommufd/selftest.c)")));
        };
    }

    /** Writes the A/D enable knob into a device's descriptor word. */
    public static void setAdUpdates(IommuModel model, Register ctx, boolean access, boolean dirty) {
        switch (model) {
            case AMD_V1 -> ctx.set("HAD", dirty ? 3 : access ? 1 : 0);
            case VTD_SS -> ctx.set("SSADE", dirty || access ? 1 : 0);
            case SMMUV3 -> {
                ctx.set("HA", access || dirty ? 1 : 0);
                ctx.set("HD", dirty ? 1 : 0);
            }
            case RISCV -> ctx.set("SADE", dirty || access ? 1 : 0);
            case MOCK -> ctx.set("DIRTY_TRACKING", dirty ? 1 : 0);
        }
    }

    /** Whether the knob in the descriptor lets hardware set Dirty bits. */
    public static boolean dirtyUpdatesOn(IommuModel model, Register ctx) {
        return switch (model) {
            case AMD_V1 -> ctx.get("HAD") == 3;
            case VTD_SS -> ctx.isSet("SSADE");
            case SMMUV3 -> ctx.isSet("HD");
            case RISCV -> ctx.isSet("SADE");
            case MOCK -> ctx.isSet("DIRTY_TRACKING");
        };
    }

    /** Whether the knob lets hardware set Accessed bits. */
    public static boolean accessUpdatesOn(IommuModel model, Register ctx) {
        return switch (model) {
            case AMD_V1 -> ctx.get("HAD") != 0;
            case VTD_SS -> ctx.isSet("SSADE");
            case SMMUV3 -> ctx.isSet("HA");
            case RISCV -> ctx.isSet("SADE");
            case MOCK -> ctx.isSet("DIRTY_TRACKING");
        };
    }
}

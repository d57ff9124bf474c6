package io.ioptexplorer.hardware.iommu;

import java.util.List;

/**
 * The invalidation commands each vendor's driver sends to flush an IOVA range or a whole domain from the IOTLB, and
 * how many of each. Sources: reference/dirty-tracking.md §4.1–4.5 (AMD INVALIDATE_IOMMU_PAGES 0x03 +
 * COMPLETION_WAIT 0x01; VT-d page-/domain-selective IOTLB invalidation + wait descriptor; SMMUv3 CMD_TLBI_NH_VA /
 * CMD_TLBI_S2_IPA + CMD_SYNC; RISC-V IOTINVAL.VMA/GVMA + IOFENCE.C).
 */
public final class InvalidationProtocol {
    /** One kind of command and how many were queued. */
    public record Command(String name, long count) {
    }

    /**
     * SMMUv3 and RISC-V without range invalidation send one command per page; Linux falls back to invalidating the
     * whole ASID / address space when a range needs too many. The threshold used here (512 pages) is an assumption
     * (unverified against the drivers' exact limits).
     */
    static final long PER_PAGE_LIMIT = 512;

    private InvalidationProtocol() {
    }

    /** Commands that flush [start, end) for a domain whose smallest cleaned leaf is {@code pageSize}. */
    public static List<Command> flushRange(IommuModel model, int stage, long start, long end, long pageSize) {
        long pages = Math.max(1, Long.divideUnsigned(end - start + pageSize - 1, Math.max(pageSize, 1)));
        return switch (model) {
            // One command with the S bit covers a naturally aligned power-of-two range.
            case AMD_V1 -> List.of(new Command("INVALIDATE_IOMMU_PAGES", 1), new Command("COMPLETION_WAIT", 1));
            // Page-selective-within-domain with an address mask covering the range.
            case VTD_SS -> List.of(new Command("IOTLB_PSI", 1), new Command("INV_WAIT", 1));
            case SMMUV3 -> pages <= PER_PAGE_LIMIT
                    ? List.of(new Command(stage == 2 ? "CMD_TLBI_S2_IPA" : "CMD_TLBI_NH_VA", pages),
                            new Command("CMD_SYNC", 1))
                    : List.of(new Command(stage == 2 ? "CMD_TLBI_S12_VMALL" : "CMD_TLBI_NH_ASID", 1),
                            new Command("CMD_SYNC", 1));
            case RISCV -> pages <= PER_PAGE_LIMIT
                    ? List.of(new Command("IOTINVAL.VMA", pages), new Command("IOFENCE.C", 1))
                    : List.of(new Command("IOTINVAL.VMA (all)", 1), new Command("IOFENCE.C", 1));
            case MOCK -> List.of(new Command("MOCK_FLUSH", 1));
        };
    }

    /** Commands that flush everything a domain has cached (after enabling or disabling A/D updates). */
    public static List<Command> flushDomain(IommuModel model, int stage) {
        return switch (model) {
            case AMD_V1 -> List.of(new Command("INVALIDATE_DEVTAB_ENTRY", 1),
                    new Command("INVALIDATE_IOMMU_PAGES (all)", 1), new Command("COMPLETION_WAIT", 1));
            case VTD_SS -> List.of(new Command("PASID_CACHE_INV", 1), new Command("IOTLB_DSI", 1),
                    new Command("INV_WAIT", 1));
            case SMMUV3 -> List.of(new Command(stage == 2 ? "CMD_TLBI_S12_VMALL" : "CMD_TLBI_NH_ASID", 1),
                    new Command("CMD_SYNC", 1));
            case RISCV -> List.of(new Command("IOTINVAL.VMA (all)", 1), new Command("IOFENCE.C", 1));
            case MOCK -> List.of(new Command("MOCK_FLUSH", 1));
        };
    }
}

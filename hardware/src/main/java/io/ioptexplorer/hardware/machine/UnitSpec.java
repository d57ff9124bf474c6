package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import java.util.Objects;

/**
 * One IOMMU instance of a machine: model, page-table format (and SMMUv3 stage), the capability features it
 * advertises, IOTLB geometry, fault injection and invalidation batching.
 */
public record UnitSpec(String id, IommuModel model, PageTableFormat format, int stage, IommuFeatures features,
                       int iotlbEntries, int iotlbWays, IommuFaults faults, InvalidationBatching batching) {
    public UnitSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(batching, "batching");
    }

    /**
     * A unit with the model's usual format (AMD v1 4 levels, VT-d SS 4 levels, SMMUv3 stage 1 with 4 KiB granule,
     * RISC-V Sv48, the mock), every feature, a 64-entry 4-way IOTLB, no faults and gathered invalidation.
     */
    public static UnitSpec of(String id, IommuModel model) {
        PageTableFormat f = switch (model) {
            case AMD_V1 -> PageTableFormats.amdV1(4);
            case VTD_SS -> PageTableFormats.vtdSecondStage(4);
            case SMMUV3 -> PageTableFormats.smmuV3(1, 4096);
            case RISCV -> PageTableFormats.riscv("sv48");
            case MOCK -> PageTableFormats.mock();
        };
        return new UnitSpec(id, model, f, 1, IommuFeatures.ALL, 64, 4, IommuFaults.NONE,
                InvalidationBatching.GATHERED);
    }

    public UnitSpec withFormat(PageTableFormat f, int smmuStage) {
        return new UnitSpec(id, model, f, smmuStage, features, iotlbEntries, iotlbWays, faults, batching);
    }

    public UnitSpec withFeatures(IommuFeatures f) {
        return new UnitSpec(id, model, format, stage, f, iotlbEntries, iotlbWays, faults, batching);
    }

    public UnitSpec withIotlb(int entries, int ways) {
        return new UnitSpec(id, model, format, stage, features, entries, ways, faults, batching);
    }

    public UnitSpec withFaults(IommuFaults f) {
        return new UnitSpec(id, model, format, stage, features, iotlbEntries, iotlbWays, f, batching);
    }

    public UnitSpec withBatching(InvalidationBatching b) {
        return new UnitSpec(id, model, format, stage, features, iotlbEntries, iotlbWays, faults, b);
    }
}

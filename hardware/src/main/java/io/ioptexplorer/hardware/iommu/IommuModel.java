package io.ioptexplorer.hardware.iommu;

/** The IOMMU families the simulator models; the key is the name a topology file uses. */
public enum IommuModel {
    AMD_V1("amd-v1", "AMD IOMMU, v1 host page table"),
    VTD_SS("vtd-ss", "Intel VT-d, second-stage page table (scalable mode)"),
    SMMUV3("smmuv3", "Arm SMMUv3"),
    RISCV("riscv", "RISC-V IOMMU"),
    MOCK("mock", "iommufd selftest mock IOMMU");

    private final String key;
    private final String description;

    IommuModel(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public static IommuModel byKey(String key) {
        for (IommuModel m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }
}

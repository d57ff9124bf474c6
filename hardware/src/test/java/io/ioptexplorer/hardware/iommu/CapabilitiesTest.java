package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Capability and enable bits at the positions of reference §4 (amd_iommu_types.h, intel/iommu.h, arm-smmu-v3.h). */
class CapabilitiesTest {

    @Test
    void amdEfrAndDte() {
        Register efr = Capabilities.capabilityRegister(IommuModel.AMD_V1, IommuFeatures.ALL);
        assertThat(efr.value()).isEqualTo((1L << 49) | (1L << 52));
        assertThat(Capabilities.capabilityRegister(IommuModel.AMD_V1, new IommuFeatures(false, true)).value())
                .isEqualTo(1L << 49);
        Register dte = Capabilities.deviceContext(IommuModel.AMD_V1);
        Capabilities.setAdUpdates(IommuModel.AMD_V1, dte, true, true);
        assertThat(dte.value()).isEqualTo(3L << 7); // DTE_FLAG_HAD
        assertThat(Capabilities.dirtyUpdatesOn(IommuModel.AMD_V1, dte)).isTrue();
    }

    @Test
    void vtdEcapAndPasidEntry() {
        assertThat(Capabilities.capabilityRegister(IommuModel.VTD_SS, IommuFeatures.ALL).value()).isEqualTo(1L << 45);
        Register pe = Capabilities.deviceContext(IommuModel.VTD_SS);
        Capabilities.setAdUpdates(IommuModel.VTD_SS, pe, true, true);
        assertThat(pe.value()).isEqualTo(1L << 9);
    }

    @Test
    void smmuIdr0HttuAndCd() {
        assertThat(Capabilities.capabilityRegister(IommuModel.SMMUV3, IommuFeatures.ALL).get("HTTU")).isEqualTo(2);
        assertThat(Capabilities.capabilityRegister(IommuModel.SMMUV3, IommuFeatures.ALL).value()).isEqualTo(2L << 6);
        assertThat(Capabilities.capabilityRegister(IommuModel.SMMUV3, new IommuFeatures(false, true)).get("HTTU"))
                .isEqualTo(1);
        Register cd = Capabilities.deviceContext(IommuModel.SMMUV3);
        Capabilities.setAdUpdates(IommuModel.SMMUV3, cd, true, true);
        assertThat(cd.value()).isEqualTo((1L << 42) | (1L << 43));
    }

    @Test
    void riscvCapabilitiesAndDeviceContext() {
        assertThat(Capabilities.capabilityRegister(IommuModel.RISCV, IommuFeatures.ALL).value()).isEqualTo(1L << 24);
        Register tc = Capabilities.deviceContext(IommuModel.RISCV);
        Capabilities.setAdUpdates(IommuModel.RISCV, tc, true, true);
        assertThat(tc.value()).isEqualTo(1L << 8); // SADE
    }

    @Test
    void mockNoDirtyFlagIsInverted() {
        assertThat(Capabilities.capabilityRegister(IommuModel.MOCK, IommuFeatures.NONE).value()).isEqualTo(1);
        assertThat(Capabilities.hardwareDirty(IommuModel.MOCK,
                Capabilities.capabilityRegister(IommuModel.MOCK, IommuFeatures.ALL))).isTrue();
    }

    @Test
    void registerDecodeNamesEveryField() {
        Register efr = Capabilities.capabilityRegister(IommuModel.AMD_V1, IommuFeatures.ALL);
        assertThat(efr.decode()).extracting(f -> f.name()).contains("HASup", "HDSup");
        assertThat(efr.decode()).filteredOn(f -> f.name().equals("HDSup")).singleElement()
                .satisfies(f -> {
                    assertThat(f.hiBit()).isEqualTo(52);
                    assertThat(f.value()).isEqualTo(1);
                });
    }
}

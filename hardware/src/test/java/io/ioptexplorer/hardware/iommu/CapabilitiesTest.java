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
        assertThat(Capabilities.capabilityRegister(IommuModel.VTD_SS, IommuFeatures.ALL).value())
                .isEqualTo((1L << 7) | (1L << 43) | (1L << 45) | (1L << 46) | (1L << 48)); // SC SMTS SSADS SLTS SMPWC
        VtdCaps none = new VtdCaps(false, false, false, false);
        assertThat(Capabilities.capabilityRegister(IommuModel.VTD_SS, IommuFeatures.NONE.withVtd(none)).value())
                .isEqualTo((1L << 43) | (1L << 48));
        // CAP: SAGAW bit 2 (48-bit, 4 levels), MGAW 47, SSLPS both (bits 35:34)
        assertThat(Capabilities.vtdCap(IommuModel.VTD_SS, IommuFeatures.ALL, 4).value())
                .isEqualTo((4L << 8) | (47L << 16) | (3L << 34));
        assertThat(Capabilities.vtdCap(IommuModel.VTD_SS, IommuFeatures.ALL.withVtd(new VtdCaps(true, false, true,
                true)), 5).value()).isEqualTo((8L << 8) | (56L << 16) | (1L << 34));
        assertThat(Capabilities.vtdCap(IommuModel.AMD_V1, IommuFeatures.ALL, 4)).isNull();
        Register pe = Capabilities.deviceContext(IommuModel.VTD_SS);
        Capabilities.setAdUpdates(IommuModel.VTD_SS, pe, true, true);
        assertThat(pe.value()).isEqualTo(1L << 9);
    }

    @Test
    void smmuIdr0HttuAndCd() {
        assertThat(Capabilities.capabilityRegister(IommuModel.SMMUV3, IommuFeatures.ALL).get("HTTU")).isEqualTo(2);
        assertThat(Capabilities.capabilityRegister(IommuModel.SMMUV3, IommuFeatures.ALL).value()).isEqualTo((2L << 6) | (1L << 4)); // HTTU, COHACC
        assertThat(Capabilities.capabilityRegister(IommuModel.SMMUV3, new IommuFeatures(false, true)).get("HTTU"))
                .isEqualTo(1);
        Register cd = Capabilities.deviceContext(IommuModel.SMMUV3);
        Capabilities.setAdUpdates(IommuModel.SMMUV3, cd, true, true);
        assertThat(cd.value()).isEqualTo((1L << 42) | (1L << 43));
    }

    @Test
    void riscvCapabilitiesAndDeviceContext() {
        // Sv39 and Sv48 (bits 9, 10) for an Sv48 unit, AMO_HWAD (bit 24): riscv/iommu-bits.h
        assertThat(Capabilities.capabilityRegister(IommuModel.RISCV, IommuFeatures.ALL).value())
                .isEqualTo((1L << 9) | (1L << 10) | (1L << 24));
        assertThat(Capabilities.capabilityRegister(IommuModel.RISCV, IommuFeatures.NONE, 5).value())
                .isEqualTo((1L << 9) | (1L << 10) | (1L << 11));
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

    /** The raw register values are ones from which Linux derives what the simulator says, bit for bit. */
    @Test
    void registerValuesAreOnesLinuxWouldDeriveTheSameAnswerFrom() {
        for (boolean dirty : new boolean[] {true, false}) {
            IommuFeatures f = new IommuFeatures(dirty, dirty);
            long ecap = Capabilities.capabilityRegister(IommuModel.VTD_SS, f).value();
            // ssads_supported(): sm_supported() (ECAP.SMTS, bit 43) && ecap_slads (bit 45) && ecap_smpwc (bit 48)
            boolean ssads = ((ecap >>> 43) & 1) == 1 && ((ecap >>> 45) & 1) == 1 && ((ecap >>> 48) & 1) == 1;
            assertThat(ssads).isEqualTo(dirty);
            assertThat(Capabilities.hardwareDirty(IommuModel.VTD_SS,
                    Capabilities.capabilityRegister(IommuModel.VTD_SS, f))).isEqualTo(ssads);

            long efr = Capabilities.capabilityRegister(IommuModel.AMD_V1, f).value();
            assertThat(((efr >>> 52) & 1) == 1).isEqualTo(dirty); // amd_iommu_hd_support(): FEATURE_HDSUP

            long idr0 = Capabilities.capabilityRegister(IommuModel.SMMUV3, f).value();
            // arm_smmu_dbm_capable(): ARM_SMMU_FEAT_HD (IDR0.HTTU >= 2, bits 7:6) and COHERENCY (IDR0.COHACC, bit 4)
            boolean dbm = ((idr0 >>> 6) & 3) >= 2 && ((idr0 >>> 4) & 1) == 1;
            assertThat(dbm).isEqualTo(dirty);
        }
    }
}

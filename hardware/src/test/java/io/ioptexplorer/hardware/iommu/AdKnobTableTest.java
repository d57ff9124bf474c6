package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The A/D enable knob of every model, for each of the four requests a driver can make, read back as hardware reads
 * it (issue 16: PIT found the request-to-knob mapping untested but for "both on"). AMD's DTE.HAD: 00b off, 01b
 * Accessed only, 11b Accessed and Dirty (Linux writes 11b; 01b's meaning is unverified, as the reference says); VT-d's
 * SSADE and RISC-V's SADE are one bit for both; SMMUv3's CD has HA and HD, and HD is only set with HA; the mock domain
 * keeps only the dirty-tracking state (iommufd selftest), which the simulator reads for both.
 */
class AdKnobTableTest {

    static Stream<Arguments> requests() {
        // model, access asked, dirty asked, Accessed updates on, Dirty updates on
        return Stream.of(
                Arguments.of(IommuModel.AMD_V1, false, false, false, false),
                Arguments.of(IommuModel.AMD_V1, true, false, true, false),
                Arguments.of(IommuModel.AMD_V1, false, true, true, true),
                Arguments.of(IommuModel.AMD_V1, true, true, true, true),
                Arguments.of(IommuModel.VTD_SS, false, false, false, false),
                Arguments.of(IommuModel.VTD_SS, true, false, true, true),
                Arguments.of(IommuModel.VTD_SS, false, true, true, true),
                Arguments.of(IommuModel.SMMUV3, false, false, false, false),
                Arguments.of(IommuModel.SMMUV3, true, false, true, false),
                Arguments.of(IommuModel.SMMUV3, false, true, true, true),
                Arguments.of(IommuModel.SMMUV3, true, true, true, true),
                Arguments.of(IommuModel.RISCV, false, false, false, false),
                Arguments.of(IommuModel.RISCV, true, false, true, true),
                Arguments.of(IommuModel.RISCV, false, true, true, true),
                Arguments.of(IommuModel.MOCK, true, false, false, false),
                Arguments.of(IommuModel.MOCK, false, true, true, true)); // one state: the simulator's A follows it
    }

    @ParameterizedTest(name = "{0}: access {1}, dirty {2}")
    @MethodSource("requests")
    void theKnobHardwareReadsIsTheOneTheRequestWrote(IommuModel model, boolean access, boolean dirty,
                                                     boolean accessOn, boolean dirtyOn) {
        Register ctx = Capabilities.deviceContext(model);
        Capabilities.setAdUpdates(model, ctx, true, true); // a knob left on before must be written back, not kept
        Capabilities.setAdUpdates(model, ctx, access, dirty);
        assertThat(Capabilities.accessUpdatesOn(model, ctx)).as("Accessed updates").isEqualTo(accessOn);
        assertThat(Capabilities.dirtyUpdatesOn(model, ctx)).as("Dirty updates").isEqualTo(dirtyOn);
        if (model == IommuModel.AMD_V1) {
            assertThat(ctx.get("HAD")).isEqualTo(dirty ? 3 : access ? 1 : 0);
        }
    }

    @ParameterizedTest(name = "SMMUv3 HTTU={0}")
    @MethodSource("httuLevels")
    void smmuHttuSaysWhichBitsHardwareCanUpdate(boolean dirtyFeature, boolean accessFeature, boolean access,
                                                boolean dirtyAndCoherent) {
        Register idr0 = Capabilities.capabilityRegister(IommuModel.SMMUV3, new IommuFeatures(dirtyFeature,
                accessFeature));
        assertThat(Capabilities.hardwareAccess(IommuModel.SMMUV3, idr0)).isEqualTo(access);
        assertThat(Capabilities.hardwareDirty(IommuModel.SMMUV3, idr0)).isEqualTo(dirtyAndCoherent);
    }

    static Stream<Arguments> httuLevels() {
        return Stream.of(
                Arguments.of(false, false, false, false), // HTTU 0: neither
                Arguments.of(false, true, true, false), // HTTU 1: the Access flag only
                Arguments.of(true, true, true, true)); // HTTU 2: Access flag and dirty state
    }
}

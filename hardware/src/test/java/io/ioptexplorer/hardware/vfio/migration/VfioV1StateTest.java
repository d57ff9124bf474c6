package io.ioptexplorer.hardware.vfio.migration;

import static io.ioptexplorer.hardware.vfio.migration.VfioV1State.DIRTY_TRACK;
import static io.ioptexplorer.hardware.vfio.migration.VfioV1State.NDMA;
import static io.ioptexplorer.hardware.vfio.migration.VfioV1State.RESUMING;
import static io.ioptexplorer.hardware.vfio.migration.VfioV1State.RUNNING;
import static io.ioptexplorer.hardware.vfio.migration.VfioV1State.SAVING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.vfio.migration.VfioV1State.Provenance;
import io.ioptexplorer.hardware.vfio.migration.VfioV1State.Validity;
import org.junit.jupiter.api.Test;

class VfioV1StateTest {

    @Test
    void mergedBitsMapToTheirV2Counterparts() {
        assertThat(VfioV1State.toV2(0).v2()).isEqualTo(VfioMigState.STOP);
        assertThat(VfioV1State.toV2(RUNNING).v2()).isEqualTo(VfioMigState.RUNNING);
        assertThat(VfioV1State.toV2(SAVING).v2()).isEqualTo(VfioMigState.STOP_COPY);
        assertThat(VfioV1State.toV2(RUNNING | SAVING).v2()).isEqualTo(VfioMigState.PRE_COPY);
        assertThat(VfioV1State.toV2(RESUMING).v2()).isEqualTo(VfioMigState.RESUMING);
        assertThat(VfioV1State.toV2(SAVING | RESUMING).validity()).isEqualTo(Validity.ERROR);
        assertThat(VfioV1State.toV2(RUNNING | RESUMING).validity()).isEqualTo(Validity.INVALID);
        assertThat(VfioV1State.toV2(RUNNING | SAVING | RESUMING).v2()).isNull();
        for (int b = 0; b <= VfioV1State.V1_MASK; b++) {
            assertThat(VfioV1State.toV2(b).provenance()).isEqualTo(Provenance.V1_UAPI);
        }
    }

    @Test
    void proposedBitsAreMarkedNeverMerged() {
        assertThat(VfioV1State.toV2(RUNNING | NDMA).v2()).isEqualTo(VfioMigState.RUNNING_P2P);
        assertThat(VfioV1State.toV2(RUNNING | SAVING | NDMA).v2()).isEqualTo(VfioMigState.PRE_COPY_P2P);
        assertThat(VfioV1State.toV2(RUNNING | NDMA).provenance()).isEqualTo(Provenance.PROPOSED_NEVER_MERGED);
        assertThat(VfioV1State.toV2(RUNNING | DIRTY_TRACK).v2()).isEqualTo(VfioMigState.RUNNING);
        assertThat(VfioV1State.toV2(RUNNING | DIRTY_TRACK).explanation()).contains("never merged");
        assertThat(VfioV1State.toV2(SAVING | RESUMING | NDMA).validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void roundTripFromEveryV2State() {
        for (VfioMigState s : VfioMigState.values()) {
            assertThat(VfioV1State.toV2(VfioV1State.fromV2(s)).v2()).as("%s", s).isEqualTo(s);
        }
    }

    @Test
    void everyCombinationHasAnExplanationAndValidityAgreesWithV1Macro() {
        assertThat(VfioV1State.allMappings()).hasSize(32).allSatisfy(m -> {
            assertThat(m.explanation()).isNotBlank();
            assertThat(m.name()).isNotBlank();
            assertThat(m.v2() == null).isEqualTo(m.validity() == Validity.INVALID);
        });
        for (int b = 0; b <= VfioV1State.V1_MASK; b++) {
            boolean valid = VfioV1State.toV2(b).validity() == Validity.VALID;
            assertThat(VfioV1State.isValidV1(b)).as(VfioV1State.names(b)).isEqualTo(valid);
        }
        assertThat(VfioV1State.names(RUNNING | SAVING | NDMA)).isEqualTo("RUNNING|SAVING|NDMA");
        assertThatThrownBy(() -> VfioV1State.toV2(1 << 7)).hasMessageStartingWith("EINVAL");
    }
}

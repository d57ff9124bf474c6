package io.ioptexplorer.hardware.inspect.migration;

import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.PRE_COPY;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.PRE_COPY_P2P;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RESUMING;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RUNNING;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.RUNNING_P2P;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.STOP;
import static io.ioptexplorer.hardware.vfio.migration.VfioMigState.STOP_COPY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.migration.FsmGraph.Arc;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import org.junit.jupiter.api.Test;

class FsmGraphTest {
    /**
     * The 15 arcs the comment of {@code vfio_mig_get_next_state()} (drivers/vfio/vfio_main.c) says a driver with every
     * flag must implement.
     */
    @Test
    void withEveryFlagTheArcsAreTheKernels15() {
        FsmGraph g = FsmGraph.of(VfioMigFlags.of(true, true));
        assertThat(g.states()).containsExactly(STOP, RUNNING, STOP_COPY, RESUMING, RUNNING_P2P, PRE_COPY, PRE_COPY_P2P);
        assertThat(g.arcs()).containsExactlyInAnyOrder(
                new Arc(PRE_COPY, PRE_COPY_P2P), new Arc(PRE_COPY, RUNNING), new Arc(PRE_COPY_P2P, PRE_COPY),
                new Arc(PRE_COPY_P2P, RUNNING_P2P), new Arc(PRE_COPY_P2P, STOP_COPY), new Arc(RESUMING, STOP),
                new Arc(RUNNING, PRE_COPY), new Arc(RUNNING, RUNNING_P2P), new Arc(RUNNING_P2P, PRE_COPY_P2P),
                new Arc(RUNNING_P2P, RUNNING), new Arc(RUNNING_P2P, STOP), new Arc(STOP, RESUMING),
                new Arc(STOP, RUNNING_P2P), new Arc(STOP, STOP_COPY), new Arc(STOP_COPY, STOP));
    }

    /** The arcs of a STOP_COPY-only device, as the uAPI header's FSM comment lists them (include/uapi/linux/vfio.h). */
    @Test
    void stopCopyOnlyHasTheSixBasicArcs() {
        FsmGraph g = FsmGraph.of(VfioMigFlags.stopCopyOnly());
        assertThat(g.states()).containsExactly(STOP, RUNNING, STOP_COPY, RESUMING);
        assertThat(g.arcs()).containsExactlyInAnyOrder(new Arc(RUNNING, STOP), new Arc(STOP, RUNNING),
                new Arc(STOP, STOP_COPY), new Arc(STOP_COPY, STOP), new Arc(STOP, RESUMING), new Arc(RESUMING, STOP));
    }

    @Test
    void preCopyToStopCopyWithP2pPassesPreCopyP2p() {
        FsmGraph g = FsmGraph.of(VfioMigFlags.of(true, true));
        assertThat(g.path(PRE_COPY, STOP_COPY)).containsExactly(new Arc(PRE_COPY, PRE_COPY_P2P),
                new Arc(PRE_COPY_P2P, STOP_COPY));
        // Without P2P the kernel skips the state the device lacks: PRE_COPY goes straight to STOP_COPY.
        assertThat(FsmGraph.of(VfioMigFlags.of(false, true)).path(PRE_COPY, STOP_COPY))
                .containsExactly(new Arc(PRE_COPY, STOP_COPY));
    }

    @Test
    void v1LabelsNameTheNeverMergedNdmaBit() {
        assertThat(FsmGraph.v1Label(PRE_COPY)).isEqualTo("RUNNING|SAVING");
        assertThat(FsmGraph.v1Label(STOP_COPY)).isEqualTo("SAVING");
        assertThat(FsmGraph.v1Label(PRE_COPY_P2P)).contains("NDMA").contains("never merged");
    }
}

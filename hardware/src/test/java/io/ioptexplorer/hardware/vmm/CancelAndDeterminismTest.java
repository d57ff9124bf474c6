package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.kvm.DirtyRingFullEvent;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CancelAndDeterminismTest {

    @Test
    void cancelRestoresDevicesStopsTrackingCollapsesAndKeepsTheDirtyStateForARetry() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(5, log).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.EAGER));
        PreCopyMigration mig = vmm.prepareMigration(Rigs.link());
        assertThat(mig.stepRound()).isTrue(); // start + round 0
        assertThat(m.device("nic0").migration().state()).isEqualTo(VfioMigState.PRE_COPY);
        assertThat(m.domains().get(0).dirtyTracking()).isTrue();
        assertThat(m.domains().get(0).leavesBySize()).containsOnlyKeys(4096L);
        long unsent = mig.rounds().get(0).dirtyPages();

        MigrationResult r = mig.cancel();

        assertThat(r.result()).isEqualTo(MigrationResult.Result.CANCELLED);
        assertThat(mig.phase()).isEqualTo(PreCopyMigration.Phase.DONE);
        assertThat(m.device("nic0").migration().state()).isEqualTo(VfioMigState.RUNNING);
        assertThat(m.vcpusRunning()).isTrue();
        assertThat(m.domains().get(0).dirtyTracking()).isFalse();
        assertThat(m.domains().get(0).leavesBySize()).containsExactly(Map.entry(2L << 20, 32L));
        assertThat(vmm.retainedDirty().cardinality()).isEqualTo(unsent);
        assertThat(log.ofType(VmmEvents.MigrationCancelled.class)).singleElement()
                .satisfies(e -> assertThat(e.retainedPages()).isEqualTo(unsent));
        assertThat(log.ofType(VmmEvents.TrackingStopped.class)).hasSize(2);

        m.run(20_000_000L, 1_000_000L); // the VM goes on
        MigrationResult retry = vmm.migrate(Rigs.link());
        assertThat(retry.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(retry.verification().mismatches()).isZero();
        assertThat(vmm.retainedDirty().isEmpty()).isTrue();
    }

    @Test
    void cancelInTheMiddleOfARoundKeepsItsUnsentPages() {
        Machine m = Rigs.nicAndVcpu(6, new EventLog()).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults());
        PreCopyMigration mig = vmm.prepareMigration(Rigs.link());
        mig.cancelAt(m.clock().now() + 30_000_000L); // round 0 takes about 68 ms at 1 GB/s
        MigrationResult r = mig.run();
        assertThat(r.result()).isEqualTo(MigrationResult.Result.CANCELLED);
        assertThat(r.rounds()).isEmpty();
        assertThat(r.pagesSent()).isBetween(1L, m.memory().pages() - 1);
        assertThat(vmm.retainedDirty().cardinality()).isEqualTo(m.memory().pages() - r.pagesSent());
        assertThat(m.device("nic0").migration().state()).isEqualTo(VfioMigState.RUNNING);
        assertThat(m.domains().get(0).dirtyTracking()).isFalse();
    }

    @Test
    void cancelBeforeStartDoesNothing() {
        Machine m = Rigs.nicAndVcpu(5, new EventLog()).build();
        PreCopyMigration mig = new Vmm(m, VmmPolicy.defaults()).prepareMigration(Rigs.link());
        assertThat(mig.cancel().result()).isEqualTo(MigrationResult.Result.CANCELLED);
        assertThat(mig.stepRound()).isFalse();
        assertThat(m.device("nic0").migration().state()).isEqualTo(VfioMigState.RUNNING);
    }

    private static List<String> run(long seed, MigrationResult[] out) {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(seed, log).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.LAZY));
        m.run(3_000_000L, 500_000L);
        out[0] = vmm.migrate(Rigs.link());
        return log.events().stream().map(SimEvent::toString).toList();
    }

    @Test
    void theSameConfigurationAndSeedGiveTheSameRun() {
        MigrationResult[] a = new MigrationResult[1];
        MigrationResult[] b = new MigrationResult[1];
        MigrationResult[] c = new MigrationResult[1];
        List<String> ea = run(77, a);
        List<String> eb = run(77, b);
        run(78, c);
        assertThat(ea).hasSizeGreaterThan(1000);
        assertThat(eb).isEqualTo(ea);
        assertThat(b[0]).isEqualTo(a[0]);
        assertThat(c[0]).isNotEqualTo(a[0]);
    }

    @Test
    void dirtyRingModeReapsFullRingsAndLosesNothing() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(13, log)
                .vcpus(VcpuSpec.dirtyRing(VcpuWorkload.Config.of(100_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 0,
                        64L << 20, 2), 64))
                .build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(Rigs.link());
        assertThat(log.ofType(DirtyRingFullEvent.class)).isNotEmpty();
        assertThat(m.vcpuWorkload().totalStalledNanos()).isPositive();
        r.rounds().stream().flatMap(rm -> rm.syncs().stream()).filter(s -> s.kind() == TrackerKind.KVM)
                .forEach(s -> assertThat(s.reportedPages()).isEqualTo(s.truePages()));
        assertThat(r.verification().mismatches()).isZero();
    }
}

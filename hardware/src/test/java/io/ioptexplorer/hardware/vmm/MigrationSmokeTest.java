package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.machine.Machine;
import org.junit.jupiter.api.Test;

class MigrationSmokeTest {
    @Test
    void completesWithoutLostPages() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(7, log).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults());
        MigrationResult r = vmm.migrate(Rigs.link());
        assertThat(r.rounds()).isNotEmpty();
        assertThat(r.rounds().get(0).pagesSent()).isEqualTo(m.memory().pages());
        assertThat(r.pagesSent()).isEqualTo(r.rounds().stream().mapToLong(RoundMetrics::pagesSent).sum()
                + r.finalPages());
        assertThat(r.downtimeNs()).isEqualTo(Rigs.link().transferNs(r.finalPages() * 4096
                + r.deviceBytes() - r.rounds().stream().mapToLong(RoundMetrics::deviceBytes).sum()));
        assertThat(log.ofType(VmmEvents.RoundFinished.class)).hasSize(r.rounds().size());
        assertThat(log.ofType(VmmEvents.StopAndCopy.class)).hasSize(1);
        assertThat(log.ofType(VmmEvents.VerificationDone.class)).hasSize(1);
        assertThat(r.stopCopy().pages()).isEqualTo(r.finalPages());
        assertThat(r.stopCopy().downtimeNs()).isEqualTo(r.downtimeNs());
        assertThat(r.stopCopy().syncs()).extracting(TrackerSync::tracker).containsExactly("kvm", "iommu:hwpt3");
        assertThat(r.iotlbHitRate()).isBetween(0.0, 1.0);
        assertThat(r.invalidations()).isPositive();
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.verification().mismatches()).isZero();
    }
}

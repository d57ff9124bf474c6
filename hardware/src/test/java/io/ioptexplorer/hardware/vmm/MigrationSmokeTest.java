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
        System.out.println(r.result() + " " + r.reason() + " rounds=" + r.rounds().size() + " downtime=" + r.downtimeNs());
        r.rounds().forEach(System.out::println);
        System.out.println(r.verification());
        System.out.println(r.splitReports());
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.verification().mismatches()).isZero();
    }
}

package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.machine.Machine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * With every correct configuration, no page is lost: the verifier compares every page version of source and
 * destination after migration and must find none different (so it also never raises a false alarm).
 */
class LostPagesPropertyTest {

    @Property(tries = 300)
    void noPageIsLostWithAnyCorrectConfiguration(@ForAll long seed) {
        RandomTopology t = new RandomTopology(seed, EventSink.NONE);
        Machine m = t.builder.build();
        VmmPolicy policy = t.policy(m);
        Vmm vmm = new Vmm(m, policy);
        m.run(2_000_000L, 500_000L); // the VM runs a little before migration starts
        t.maybeHotplug(vmm);
        m.run(1_000_000L, 500_000L);
        MigrationResult r = vmm.migrate(t.link());
        String why = t.description + " | " + policy + " | " + r.result() + " " + r.reason() + " plan=" + r.plan();
        assertThat(r.result()).as(why).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.verification().mismatches()).as(why + " lost " + r.verification().lostIovas()).isZero();
        assertThat(r.verification().pagesCompared()).isEqualTo(m.memory().pages());
    }
}

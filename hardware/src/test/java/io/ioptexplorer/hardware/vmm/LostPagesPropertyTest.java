package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.memory.GuestMemory;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * With every correct configuration, no page is lost: the verifier compares every page version of source and
 * destination after migration and must find none different (so it also never raises a false alarm). With the
 * hazard switched on, the verifier must name exactly the pages that differ, and they must lie where a device
 * tracked by a unit that skips its flush writes.
 *
 * <p>Both properties measure what they cover: jqwik statistics with coverage checks fail the run when too few
 * tries reach the configurations that could lose pages (an IOMMU or device tracker reporting over several rounds,
 * leaf splits, runs that really lost pages under the hazard). The shares were set at about half of what 300 tries
 * of the weighted generator gave; rerun a failure with the printed seed ({@code -Djqwik.seed=N}).
 */
class LostPagesPropertyTest {

    /** What one run reached, for the statistics. */
    record Reach(int rounds, int iommuReportingRounds, int deviceReportingRounds, long splits, boolean tracked) {
        static Reach of(MigrationResult r) {
            int iommu = 0;
            int device = 0;
            for (RoundMetrics round : r.rounds()) {
                if (round.syncs().stream().anyMatch(s -> s.kind() == TrackerKind.IOMMU && s.reportedPages() > 0)) {
                    iommu++;
                }
                if (round.syncs().stream().anyMatch(s -> s.kind() == TrackerKind.DEVICE && s.reportedPages() > 0)) {
                    device++;
                }
            }
            boolean tracked = r.plan().stream().anyMatch(p -> p.treatment() == DevicePlan.Treatment.TRACKED);
            return new Reach(r.rounds().size(), iommu, device, r.splits(), tracked);
        }
    }

    private static MigrationResult migrate(RandomTopology t, Machine m, Vmm vmm, PreCopyMigration[] out) {
        m.run(2_000_000L, 500_000L); // the VM runs a little before migration starts
        t.maybeHotplug(vmm);
        m.run(1_000_000L, 500_000L);
        PreCopyMigration migration = vmm.prepareMigration(t.link());
        out[0] = migration;
        return migration.run();
    }

    @Property(tries = 300)
    void noPageIsLostWithAnyCorrectConfiguration(@ForAll long seed) {
        RandomTopology t = new RandomTopology(seed, EventSink.NONE);
        Machine m = t.builder.build();
        VmmPolicy policy = t.policy(m);
        Vmm vmm = new Vmm(m, policy);
        MigrationResult r = migrate(t, m, vmm, new PreCopyMigration[1]);
        String why = t.description + " | " + policy + " | " + r.result() + " " + r.reason() + " plan=" + r.plan();
        assertThat(r.result()).as(why).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.verification().mismatches()).as(why + " lost " + r.verification().lostIovas()).isZero();
        assertThat(r.verification().pagesCompared()).isEqualTo(m.memory().pages());

        Reach reach = Reach.of(r);
        Statistics.label("IOMMU tracker reports dirty pages in 2+ rounds").collect(reach.iommuReportingRounds() >= 2);
        Statistics.label("device tracker reports dirty pages in 2+ rounds").collect(reach.deviceReportingRounds() >= 2);
        Statistics.label("3+ rounds").collect(reach.rounds() >= 3);
        Statistics.label("leaves split").collect(reach.splits() > 0);
        Statistics.label("a device is tracked").collect(reach.tracked());
        Statistics.label("IOMMU tracker reports dirty pages in 2+ rounds")
                .coverage(c -> c.check(true).percentage(p -> p >= 20));
        Statistics.label("device tracker reports dirty pages in 2+ rounds")
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("3+ rounds").coverage(c -> c.check(true).percentage(p -> p >= 40));
        Statistics.label("leaves split").coverage(c -> c.check(true).percentage(p -> p >= 5));
        Statistics.label("a device is tracked").coverage(c -> c.check(true).percentage(p -> p >= 60));
    }

    /** The pages whose source and destination versions differ, counted here without the verifier. */
    static List<Long> differingPages(GuestMemory source, GuestMemory destination) {
        List<Long> out = new ArrayList<>();
        for (long pfn = 0; pfn < source.pages(); pfn++) {
            if (source.version(pfn) != destination.version(pfn)) {
                out.add(pfn << GuestMemory.PAGE_SHIFT);
            }
        }
        return out;
    }

    @Property(tries = 150)
    void withTheHazardTheVerifierNamesEveryLostPageAndNothingElse(@ForAll long seed) {
        RandomTopology t = new RandomTopology(seed, EventSink.NONE, true);
        Machine m = t.builder.build();
        VmmPolicy policy = t.policy(m);
        Vmm vmm = new Vmm(m, policy);
        PreCopyMigration[] migration = new PreCopyMigration[1];
        MigrationResult r = migrate(t, m, vmm, migration);
        String why = t.description + " | " + policy + " | " + r.result() + " " + r.reason() + " plan=" + r.plan();
        assertThat(r.result()).as(why).isEqualTo(MigrationResult.Result.COMPLETED);

        List<Long> lost = differingPages(m.memory(), migration[0].destination());
        assertThat(r.verification().mismatches()).as(why).isEqualTo(lost.size());
        assertThat(r.verification().lostIovas()).as(why)
                .isEqualTo(lost.subList(0, Math.min(lost.size(), Verification.MAX_NAMED)));
        List<long[]> hazardRanges = r.plan().stream().filter(p -> p.tracker() == TrackerKind.IOMMU)
                .map(p -> t.workingSets.get(p.deviceId())).toList();
        assertThat(lost).as("%s: a page is lost only where an IOMMU-tracked device writes", why)
                .allSatisfy(gpa -> assertThat(hazardRanges).anySatisfy(ws ->
                        assertThat(gpa).isBetween(ws[0] & -GuestMemory.PAGE_SIZE, ws[0] + ws[1] - 1)));

        Statistics.label("pages lost").collect(!lost.isEmpty());
        Statistics.label("pages lost").coverage(c -> c.check(true).percentage(p -> p >= 15));
    }
}

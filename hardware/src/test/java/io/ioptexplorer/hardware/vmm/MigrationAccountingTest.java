package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of one migration attempt, checked against identities that follow from the model's definition
 * (QEMU migration/ram.c and hw/vfio/migration.c as summarised in reference §6): every byte of a round is its pages
 * plus the device data read in it, a round lasts bytes / B, rounds follow each other without a gap, the next round
 * sends what the sync found, the downtime estimate is (dirty pages + remaining device state) / B, and the result adds
 * the rounds and stop-and-copy up. Written against PIT survivors in {@link PreCopyMigration} (issue 16).
 */
class MigrationAccountingTest {
    private static final long MIB = 1L << 20;
    private static final long PAGE = 4096;
    private static final long PLAIN_STATE = MIB;
    private static final LinkConfig LINK = LinkConfig.of(500_000_000L, 2_000_000L, 8);

    /** A device with pre-copy data ("pre"), one with stop-copy state only ("plain"), one vCPU; eager splits off. */
    private static Machine twoDeviceKinds(EventLog log) {
        return new MachineBuilder()
                .guestMemory(16 * MIB, 4096)
                .iommu(UnitSpec.of("vtd0", IommuModel.VTD_SS))
                .device(nic("pre", 2 * MIB).withMigration(new VfioMigFlags(VfioMigFlags.ALL), 3 * MIB, 10_000_000L))
                .device(nic("plain", 6 * MIB).withMigration(VfioMigFlags.stopCopyOnly(), PLAIN_STATE, 0))
                .vcpus(VcpuSpec.bitmap(VcpuWorkload.Config.of(20_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 0,
                        16 * MIB, 1)))
                .seed(5)
                .events(log)
                .build();
    }

    private static DeviceSpec nic(String id, long base) {
        return DeviceSpec.of(id, DeviceKind.NIC, "vtd0",
                DeviceWorkload.Config.of(100_000_000L, 2048, AccessPattern.RING, base, 2 * MIB));
    }

    @Test
    void roundsAndStopAndCopyAddUpToTheResultAndTheClock() {
        Machine m = twoDeviceKinds(new EventLog());
        long start = m.clock().now();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);

        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        List<RoundMetrics> rounds = r.rounds();
        assertThat(rounds).hasSizeGreaterThanOrEqualTo(3);
        long next = start;
        long pages = 0;
        long bytes = 0;
        long devBytes = 0;
        for (int i = 0; i < rounds.size(); i++) {
            RoundMetrics rm = rounds.get(i);
            assertThat(rm.round()).isEqualTo(i);
            assertThat(rm.startNs()).as("round %d starts where the previous one ended", i).isEqualTo(next);
            assertThat(rm.bytesSent()).as("round %d: pages plus device data", i)
                    .isEqualTo(rm.pagesSent() * PAGE + rm.deviceBytes());
            assertThat(rm.durationNs()).as("round %d: bytes / B", i).isEqualTo(LINK.transferNs(rm.bytesSent()));
            if (i > 0) {
                assertThat(rm.pagesSent()).as("round %d sends what the previous sync found", i)
                        .isEqualTo(rounds.get(i - 1).dirtyPages());
            }
            next = rm.startNs() + rm.durationNs();
            pages += rm.pagesSent();
            bytes += rm.bytesSent();
            devBytes += rm.deviceBytes();
        }
        // Round 0 carries all of memory and the pre-copy device's initial data.
        assertThat(rounds.get(0).pagesSent()).isEqualTo(m.memory().pages());
        assertThat(rounds.get(0).deviceBytes()).isEqualTo(3 * MIB);

        StopCopyMetrics sc = r.stopCopy();
        assertThat(r.finalPages()).isEqualTo(sc.pages());
        assertThat(r.downtimeNs()).isEqualTo(sc.downtimeNs())
                .isEqualTo(LINK.transferNs(sc.pages() * PAGE + sc.deviceBytes()));
        // "plain" sends its whole state in stop-and-copy.
        assertThat(sc.deviceBytes()).isGreaterThanOrEqualTo(PLAIN_STATE);
        assertThat(r.pagesSent()).isEqualTo(pages + sc.pages());
        assertThat(r.deviceBytes()).isEqualTo(devBytes + sc.deviceBytes());
        assertThat(r.bytesSent()).isEqualTo(bytes + sc.pages() * PAGE + sc.deviceBytes());
        assertThat(r.totalNs()).isEqualTo(next - start + r.downtimeNs());
        assertThat(m.clock().now()).as("the downtime passes on the simulated clock").isEqualTo(start + r.totalNs());
    }

    @Test
    void theDowntimeEstimateIsTheDirtyPagesAndTheDeviceStateStillToSendOverTheLink() {
        Machine m = twoDeviceKinds(new EventLog());
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);
        List<RoundMetrics> rounds = r.rounds();
        assertThat(rounds).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i + 1 < rounds.size(); i++) {
            // Nothing runs between a round's sync and the next round's start, so the pre-copy data pending at the
            // estimate is exactly what the next round reads; "plain" (no PRE_COPY) still owes its whole state.
            long stillToSend = rounds.get(i).dirtyPages() * PAGE + rounds.get(i + 1).deviceBytes() + PLAIN_STATE;
            assertThat(rounds.get(i).estimatedDowntimeNs()).as("round %d", i)
                    .isEqualTo(LINK.transferNs(stillToSend));
            assertThat(rounds.get(i).estimatedDowntimeNs()).isGreaterThan(LINK.downtimeLimitNs());
        }
        // The pre-copy device keeps changing its state, so some rounds after round 0 carry dirty device data.
        assertThat(rounds.subList(1, rounds.size())).anySatisfy(rm -> assertThat(rm.deviceBytes()).isPositive());
    }

    @Test
    void perRoundIommuCountersAreDifferencesThatAddUpToTheMachinesCounters() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(41, log).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.EAGER)); // attaches the devices
        // An earlier attempt, cancelled after round 0, leaves splits and collapses on the counters.
        PreCopyMigration earlier = vmm.prepareMigration(Rigs.link());
        earlier.stepRound();
        assertThat(earlier.cancel().collapses()).isEqualTo(32);
        log.clear();
        m.run(3_000_000L, 1_000_000L); // and some IOTLB traffic
        MachineCounters start = MachineCounters.of(m);
        long t0 = m.clock().now();
        MigrationResult r = vmm.migrate(Rigs.link());
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.totalNs()).isEqualTo(m.clock().now() - t0);
        MachineCounters end = MachineCounters.of(m);
        assertThat(r.iotlbHitsBefore()).isPositive().isEqualTo(start.iotlbHits());
        assertThat(r.iotlbMissesBefore()).isPositive().isEqualTo(start.iotlbMisses());
        // Nothing translates after the last round (vCPUs and devices are stopped): the rounds hold every hit and
        // miss since the start; the rounds and stop-and-copy hold every invalidation, split and collapse.
        assertThat(r.iotlbHits()).isPositive().isEqualTo(end.iotlbHits() - start.iotlbHits());
        assertThat(r.iotlbMisses()).isPositive().isEqualTo(end.iotlbMisses() - start.iotlbMisses());
        assertThat(r.invalidations()).isEqualTo(end.invalidations() - start.invalidations());
        // Eager splitting happens as tracking starts, inside round 0's window; collapsing at tracking stop.
        assertThat(r.rounds().get(0).splits()).isEqualTo(r.splits()).isEqualTo(32);
        assertThat(r.rounds()).allSatisfy(rm -> assertThat(rm.collapses()).isZero());
        assertThat(r.stopCopy().collapses()).isEqualTo(r.collapses()).isEqualTo(32);
        // The events count this attempt's splits and collapses, not the table's totals.
        assertThat(log.ofType(VmmEvents.SplitApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.leavesSplit()).isEqualTo(32));
        assertThat(log.ofType(VmmEvents.CollapseApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.collapses()).isEqualTo(32));
        assertThat(r.rounds()).allSatisfy(rm -> assertThat(rm.invalidations()).isPositive());
        assertThat(r.stopCopy().invalidations()).isPositive();
    }

    @Test
    void eagerSplittingOfAGuestOnSmallPagesSplitsNothingAndSaysNothing() {
        // Only leaves larger than the granule are split; 4 KiB leaves are left alone, without a flush or an event.
        EventLog log = new EventLog();
        Machine m = twoDeviceKinds(log);
        MigrationResult r = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.EAGER)).migrate(LINK);
        assertThat(r.splits()).isZero();
        assertThat(r.collapses()).isZero();
        assertThat(log.ofType(VmmEvents.SplitApplied.class)).isEmpty();
        assertThat(log.ofType(VmmEvents.CollapseApplied.class)).isEmpty();
    }

    @Test
    void theEventsTellTheAttemptInOrderWithItsFigures() {
        EventLog log = new EventLog();
        Machine m = twoDeviceKinds(log);
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);
        List<SimEvent> vmm = log.events().stream().filter(e -> e.getClass().getEnclosingClass() == VmmEvents.class)
                .toList();
        assertThat(vmm.get(0)).isEqualTo(new VmmEvents.MigrationStarted(LINK.bandwidthBytesPerSecond(),
                LINK.downtimeLimitNs(), LINK.maxRounds()));
        assertThat(vmm.get(vmm.size() - 1)).isEqualTo(new VmmEvents.MigrationFinished("COMPLETED", ""));
        assertThat(log.ofType(VmmEvents.RoundStarted.class)).extracting(VmmEvents.RoundStarted::pages)
                .containsExactlyElementsOf(r.rounds().stream().map(RoundMetrics::pagesSent).toList());
        assertThat(log.ofType(VmmEvents.StopAndCopyStarted.class)).singleElement()
                .isEqualTo(new VmmEvents.StopAndCopyStarted(r.rounds().size()));
        assertThat(log.ofType(VmmEvents.StopAndCopy.class)).singleElement()
                .isEqualTo(new VmmEvents.StopAndCopy(r.finalPages(), r.stopCopy().deviceBytes(), r.downtimeNs()));
        assertThat(log.ofType(VmmEvents.ResumeStarted.class)).singleElement()
                .isEqualTo(new VmmEvents.ResumeStarted(2));
        int stopStarted = vmm.indexOf(log.ofType(VmmEvents.StopAndCopyStarted.class).get(0));
        int resume = vmm.indexOf(log.ofType(VmmEvents.ResumeStarted.class).get(0));
        assertThat(stopStarted).isLessThan(resume);

        // One union lane per pre-copy sync and one for the final sync: what was read, against what was written.
        List<VmmEvents.UnionLane> lanes = log.ofType(VmmEvents.UnionLane.class);
        assertThat(lanes).hasSize(r.rounds().size() + 1);
        for (int i = 0; i < r.rounds().size(); i++) {
            assertThat(lanes.get(i).stopCopy()).isFalse();
            assertThat(lanes.get(i).sent().cardinality()).isEqualTo(r.rounds().get(i).dirtyPages());
            assertThat(lanes.get(i).truth().cardinality()).isEqualTo(r.rounds().get(i).truePages());
        }
        assertThat(lanes.get(r.rounds().size()).stopCopy()).isTrue();
        assertThat(lanes.get(r.rounds().size()).round()).isEqualTo(r.rounds().size());
    }

    @Test
    void preCopyEndsSayingWhetherTheEstimateConvergedOrTheRoundsRanOut() {
        EventLog converging = new EventLog();
        LinkConfig roomy = LinkConfig.of(500_000_000L, 10_000_000L, 8); // 10 ms: "plain"'s 1 MiB takes 2.1 ms
        MigrationResult c = new Vmm(twoDeviceKinds(converging), VmmPolicy.defaults()).migrate(roomy);
        assertThat(c.rounds().size()).isLessThan(roomy.maxRounds());
        assertThat(converging.ofType(VmmEvents.PreCopyEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.decision()).isEqualTo("converged");
            assertThat(e.rounds()).isEqualTo(c.rounds().size());
            assertThat(e.estimatedDowntimeNs()).isEqualTo(c.rounds().get(c.rounds().size() - 1)
                    .estimatedDowntimeNs()).isLessThanOrEqualTo(roomy.downtimeLimitNs());
        });

        EventLog stuck = new EventLog();
        LinkConfig slow = LinkConfig.of(500_000_000L, 1_000L, 3); // 1 µs: never fits
        MigrationResult s = new Vmm(twoDeviceKinds(stuck), VmmPolicy.defaults()).migrate(slow);
        assertThat(s.rounds()).hasSize(3);
        assertThat(stuck.ofType(VmmEvents.PreCopyEnded.class)).singleElement()
                .satisfies(e -> assertThat(e.decision()).isEqualTo("out-of-rounds"));
    }

    @Test
    void aCompletedMigrationLeavesTheSourceVcpusStopped() {
        // QEMU stops the source VM for the final copy (migration_completion(): RUN_STATE_FINISH_MIGRATE) and leaves
        // it stopped afterwards (postmigrate): the guest now runs on the destination.
        Machine m = Rigs.nicAndVcpu(43, new EventLog()).build();
        assertThat(m.vcpusRunning()).isTrue();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(Rigs.link());
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(m.vcpusRunning()).isFalse();
    }
}

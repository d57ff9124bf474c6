package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.DeviceTrackerSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.memory.GuestMemory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trackers and their union at the edges PIT found unguarded: KVM's manual-protect bitmap, the per-tracker lanes,
 * DMA logging stopped at the end, leaves split while provisioning on a HWPT the migration does not track, and the
 * small figures of the result (issue 16).
 *
 * <p>Mutants explained as equivalent, not killed:
 * <ul>
 *   <li>{@code KvmDirtyTracker.reapIfFull}'s return value and its {@code ringFullReaps} counter: the only caller
 *       ({@code TrackerSet.reap}) ignores both, so mutating them changes nothing observable.</li>
 *   <li>{@code KvmDirtyTracker}'s {@code gpaBase >>> PAGE_SHIFT}: the machine's single memslot starts at GPA 0, where
 *       a shift either way gives 0.</li>
 *   <li>{@code IommuDirtyTracker.report}'s {@code atEnd != null}: report() runs from {@code finish()}, after every
 *       tracker in the set was stopped (which sets atEnd), and nothing changes the table after that.</li>
 *   <li>{@code Vmm.plan}'s seed {@code anyMatch(!emulated)}: the flag it seeds is read only for VFIO (non-emulated)
 *       devices under AUTO, which exist exactly when it is true.</li>
 *   <li>{@code Vmm.plan}'s {@code h == null ? "?"} in reason texts: every VFIO device of a built or hot-plugged
 *       machine is attached to a HWPT, so the "?" is never printed.</li>
 *   <li>{@code Vmm.provisionLazySplit}'s {@code t < nanos} as {@code t <= nanos}: the extra pass runs 0 ns and reads a
 *       bitmap the previous pass cleared at the same instant, so it finds, splits and flushes nothing.</li>
 *   <li>{@code Vmm.eventsEnabled} answering true: {@code emit} checks the sink again, so the frozen lanes built in
 *       vain are dropped (a cost, not a behaviour).</li>
 *   <li>{@code IommuDirtyTracker.stop()} without a reason: the {@code DirtyTracker} interface's, a one-line delegate;
 *       {@code TrackerSet.stop} stops an IOMMU tracker through {@code stop(reason)} so its collapse names why.</li>
 *   <li>{@code PreCopyModel}'s {@code <=} against the limit: a boundary on doubles from exp(); the analytical model
 *       is a yardstick for the fidelity test, not the simulator.</li>
 * </ul>
 */
class TrackerEdgesTest {
    private static final long MIB = 1L << 20;

    private static DeviceSpec nic(String id, long base) {
        return DeviceSpec.of(id, DeviceKind.NIC, "amd0",
                DeviceWorkload.Config.of(100_000_000L, 2048, AccessPattern.RING, base, 2 * MIB));
    }

    @Test
    void kvmWithManualProtectClearsWhatItReadSoEachSyncReportsOnlyTheNewWrites() {
        // KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: KVM_GET_DIRTY_LOG leaves the bitmap set, QEMU then issues
        // KVM_CLEAR_DIRTY_LOG (kvm_physical_log_clear); without the clear every sync would report old writes again.
        Machine m = new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .vcpus(new VcpuSpec(1, VcpuWorkload.Config.of(50_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 0,
                        32 * MIB, 1), VcpuDirtyLog.Mode.BITMAP, 0, true))
                .seed(61)
                .build();
        assertThat(m.vcpuLog().manualProtect()).isTrue();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LinkConfig.of(1_000_000_000L, 1_000_000L, 6));
        assertThat(r.rounds()).hasSizeGreaterThanOrEqualTo(2); // round 1's sync would repeat round 0's pages
        r.rounds().forEach(rm -> assertThat(rm.syncs()).singleElement().satisfies(s -> {
            assertThat(s.tracker()).isEqualTo("kvm");
            assertThat(s.reportedPages()).isPositive().isEqualTo(s.truePages());
        }));
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void everySyncLeavesALaneWithTheTrackersReportAndItsSourcesTruth() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(62, log).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(Rigs.link());
        List<VmmEvents.TrackerSynced> synced = log.ofType(VmmEvents.TrackerSynced.class);
        List<VmmEvents.TrackerLane> lanes = log.ofType(VmmEvents.TrackerLane.class);
        assertThat(synced).hasSize(2 * (r.rounds().size() + 1)); // kvm and the HWPT, each round and the final sync
        assertThat(lanes).hasSameSizeAs(synced);
        for (int i = 0; i < synced.size(); i++) {
            VmmEvents.TrackerSynced s = synced.get(i);
            VmmEvents.TrackerLane l = lanes.get(i);
            assertThat(l.round()).isEqualTo(s.round());
            assertThat(l.tracker()).isEqualTo(s.tracker());
            assertThat(l.reported().cardinality()).isEqualTo(s.reportedPages());
            assertThat(l.truth().cardinality()).isEqualTo(s.truePages());
        }
    }

    @Test
    void deviceDmaLoggingIsStoppedWhenTheMigrationEnds() {
        // QEMU vfio_devices_dma_logging_stop(): VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP at log_global_stop.
        Machine m = new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .device(nic("nic0", 4 * MIB).withTracker(DeviceTrackerSpec.mlx5()))
                .seed(63)
                .build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LinkConfig.of(500_000_000L, 2_000_000L, 6));
        assertThat(r.plan()).extracting(DevicePlan::tracker).containsExactly(TrackerKind.DEVICE);
        assertThat(r.rounds().get(0).syncs()).extracting(TrackerSync::tracker).contains("device:nic0");
        assertThat(m.device("nic0").tracker().isLogging()).isFalse();
    }

    @Test
    void leavesSplitWhileProvisioningOnAnUntrackedHwptAreCollapsedWhenTrackingStops() {
        EventLog log = new EventLog();
        Machine m = new MachineBuilder()
                .guestMemory(64 * MIB, 2 * MIB)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .device(nic("nic0", 8 * MIB).withTracker(DeviceTrackerSpec.mlx5()))
                .seed(64)
                .events(log)
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.LAZY));
        // A first round of provisioning, undone by a cancelled attempt: the collapse counter no longer starts at 0.
        assertThat(vmm.provisionLazySplit(10_000_000L, 5_000_000L)).isPositive();
        PreCopyMigration cancelled = vmm.prepareMigration(LinkConfig.of(500_000_000L, 2_000_000L, 6));
        cancelled.stepRound();
        cancelled.cancel();
        assertThat(m.domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
        log.clear();

        long early = vmm.provisionLazySplit(10_000_000L, 5_000_000L);
        assertThat(early).isPositive();
        assertThat(m.domains().get(0).dirtyTracking()).isTrue();
        // AUTO picks the device's own log: the HWPT is not tracked by this migration, yet its leaves are collapsed.
        MigrationResult r = vmm.migrate(LinkConfig.of(500_000_000L, 2_000_000L, 6));
        assertThat(r.splitReports()).isEmpty();
        assertThat(log.ofType(VmmEvents.CollapseApplied.class)).singleElement().satisfies(e -> {
            assertThat(e.collapses()).isEqualTo(early);
            assertThat(e.reason()).isEqualTo("tracking stopped");
        });
        assertThat(m.domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
        assertThat(m.domains().get(0).dirtyTracking()).isFalse();
    }

    @Test
    void amplificationIsOneWhenBothAreZeroAndTheTruthIsFlooredAtOne() {
        assertThat(new TrackerSync("t", TrackerKind.KVM, 0, 0).amplification()).isEqualTo(1.0);
        assertThat(new TrackerSync("t", TrackerKind.KVM, 0, 8).amplification()).isEqualTo(0.0);
        assertThat(new TrackerSync("t", TrackerKind.KVM, 6, 0).amplification()).isEqualTo(6.0);
        assertThat(new TrackerSync("t", TrackerKind.KVM, 6, 4).amplification()).isEqualTo(1.5);
    }

    @Test
    void theVerifierCountsEveryLostPageButNamesAtMostItsLimit() {
        GuestMemory source = new GuestMemory(4 * MIB, 4096);
        GuestMemory destination = new GuestMemory(4 * MIB, 4096);
        int lost = Verification.MAX_NAMED + 5;
        for (int pfn = 0; pfn < lost; pfn++) {
            source.write((pfn + 3L) << 12, 4096);
        }
        Verification v = Verifier.compare(source, destination);
        assertThat(v.pagesCompared()).isEqualTo(1024);
        assertThat(v.mismatches()).isEqualTo(lost);
        assertThat(v.lostIovas()).hasSize(Verification.MAX_NAMED).startsWith(3L << 12, 4L << 12);
        assertThat(v.clean()).isFalse();
        assertThat(Verifier.compare(destination, new GuestMemory(4 * MIB, 4096)).clean()).isTrue();
    }

    @Test
    void theResultsRatesAndSumsComeFromItsRounds() {
        RoundMetrics a = round(0, 30, 10, 4);
        RoundMetrics b = round(1, 10, 30, 6);
        assertThat(a.iotlbHitRate()).isEqualTo(0.75);
        assertThat(round(2, 0, 0, 0).iotlbHitRate()).isZero();
        MigrationResult r = new MigrationResult(MigrationResult.Result.COMPLETED, "", List.of(a, b), 0, 0, 0, 0, 0, 0,
                9, 1, List.of(), List.of(), null, new StopCopyMetrics(List.of(), 0, 0, 0, 5, 0));
        assertThat(r.preCopyRounds()).isEqualTo(2);
        assertThat(r.iotlbHits()).isEqualTo(40);
        assertThat(r.iotlbMisses()).isEqualTo(40);
        assertThat(r.iotlbHitRate()).isEqualTo(0.5);
        assertThat(r.iotlbHitRateBefore()).isEqualTo(0.9);
        assertThat(r.invalidations()).isEqualTo(15);
        MigrationResult none = new MigrationResult(MigrationResult.Result.BLOCKED, "b", List.of(), 0, 0, 0, 0, 0, 0,
                0, 0, List.of(), List.of(), null, null);
        assertThat(none.iotlbHitRate()).isZero();
        assertThat(none.iotlbHitRateBefore()).isZero();
        assertThat(none.invalidations()).isZero();
    }

    private static RoundMetrics round(int i, long hits, long misses, long invalidations) {
        return new RoundMetrics(i, 0, 0, 0, 0, 0, List.of(), 0, 0, 1.0, 0, hits, misses, invalidations, 0, 0, true);
    }
}

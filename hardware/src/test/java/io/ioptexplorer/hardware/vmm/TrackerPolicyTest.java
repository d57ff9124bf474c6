package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.DeviceTrackerSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The VMM's tracker policy: QEMU's auto rule, explicit choices, the no-tracker policies, x-pre-copy off. */
class TrackerPolicyTest {
    private static final long MIB = 1L << 20;

    private static DeviceSpec nic(String id, String unit, long base, DeviceTrackerSpec tracker) {
        return DeviceSpec.of(id, DeviceKind.NIC, unit,
                DeviceWorkload.Config.of(100_000_000L, 2048, AccessPattern.RING, base, 2 * MIB)).withTracker(tracker);
    }

    private static MachineBuilder twoDevices(DeviceTrackerSpec t0, DeviceTrackerSpec t1, boolean unit1Dirty,
                                             EventLog log) {
        return new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .iommu(UnitSpec.of("amd1", IommuModel.AMD_V1).withFeatures(unit1Dirty ? IommuFeatures.ALL
                        : IommuFeatures.NONE))
                .device(nic("nic0", "amd0", 4 * MIB, t0))
                .device(nic("nic1", "amd1", 12 * MIB, t1))
                .vcpus(VcpuSpec.bitmap(VcpuWorkload.Config.of(20_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 0,
                        32 * MIB, 1)))
                .seed(3)
                .events(log);
    }

    private static final LinkConfig LINK = LinkConfig.of(500_000_000L, 2_000_000L, 8);

    private static Map<String, TrackerKind> trackers(MigrationResult r) {
        return r.plan().stream().filter(p -> p.tracker() != null)
                .collect(java.util.stream.Collectors.toMap(DevicePlan::deviceId, DevicePlan::tracker));
    }

    @Test
    void autoUsesDeviceTrackingWhenEveryDeviceSupportsIt() {
        EventLog log = new EventLog();
        Machine m = twoDevices(DeviceTrackerSpec.mlx5(), DeviceTrackerSpec.pds(), true, log).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);
        assertThat(trackers(r)).containsExactlyInAnyOrderEntriesOf(Map.of("nic0", TrackerKind.DEVICE,
                "nic1", TrackerKind.DEVICE));
        assertThat(r.splitReports()).isEmpty(); // no IOMMU tracking started
        assertThat(log.ofType(VmmEvents.TrackingStarted.class)).extracting(VmmEvents.TrackingStarted::tracker)
                .containsExactly("kvm", "device:nic0", "device:nic1");
        assertThat(log.ofType(VmmEvents.TrackerChosen.class)).hasSize(2);
        assertThat(r.verification().mismatches()).isZero();
        // A device log at 4 KiB reports exactly what its device wrote.
        r.rounds().stream().flatMap(rm -> rm.syncs().stream()).filter(s -> s.kind() == TrackerKind.DEVICE)
                .forEach(s -> assertThat(s.reportedPages()).isEqualTo(s.truePages()));
    }

    @Test
    void autoFallsBackToIommuTrackingWhenOneDeviceHasNoLog() {
        Machine m = twoDevices(DeviceTrackerSpec.mlx5(), null, true, new EventLog()).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);
        assertThat(trackers(r)).containsExactlyInAnyOrderEntriesOf(Map.of("nic0", TrackerKind.IOMMU,
                "nic1", TrackerKind.IOMMU));
        assertThat(r.splitReports()).hasSize(2); // one per HWPT
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void autoCountsEveryMappedPageDirtyForADeviceWithoutAnyTracker() {
        Machine m = twoDevices(null, null, false, new EventLog()).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);
        assertThat(trackers(r)).containsEntry("nic0", TrackerKind.IOMMU).containsEntry("nic1",
                TrackerKind.ALL_DIRTY);
        TrackerSync none = r.rounds().get(0).syncs().stream().filter(s -> s.tracker().equals("none:nic1"))
                .findFirst().orElseThrow();
        assertThat(none.reportedPages()).isEqualTo(m.memory().pages());
        assertThat(none.amplification()).isGreaterThan(10);
        // Every round resends all memory: the loop cannot converge and runs out of rounds.
        assertThat(r.rounds()).hasSize(LINK.maxRounds());
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void suspendEarlyStopsTheUntrackedDeviceBeforePreCopyAndTracksTheOthers() {
        EventLog log = new EventLog();
        Machine m = twoDevices(null, null, false, log).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults().withNoTracker(NoTrackerPolicy.SUSPEND_EARLY))
                .migrate(LINK);
        assertThat(r.plan()).filteredOn(p -> p.deviceId().equals("nic1")).singleElement()
                .extracting(DevicePlan::treatment).isEqualTo(DevicePlan.Treatment.SUSPENDED_EARLY);
        List<VmmEvents.DeviceSuspended> s = log.ofType(VmmEvents.DeviceSuspended.class);
        assertThat(s).singleElement().satisfies(e -> {
            assertThat(e.deviceId()).isEqualTo("nic1");
            assertThat(e.path()).endsWith(VfioMigState.STOP);
        });
        int suspendedAt = log.events().indexOf(s.get(0));
        int round0 = log.events().indexOf(log.ofType(VmmEvents.RoundFinished.class).get(0));
        assertThat(suspendedAt).isLessThan(round0);
        // Unlike all-dirty, later rounds carry only what was really dirtied, not all memory.
        assertThat(r.rounds().subList(1, r.rounds().size()))
                .allSatisfy(rm -> assertThat(rm.pagesSent()).isLessThan(m.memory().pages() / 4));
        assertThat(r.rounds()).allSatisfy(rm -> assertThat(rm.syncs()).extracting(TrackerSync::tracker)
                .doesNotContain("none:nic1"));
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void blockPolicyBlocksMigration() {
        EventLog log = new EventLog();
        Machine m = twoDevices(null, null, false, log).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withNoTracker(NoTrackerPolicy.BLOCK));
        assertThat(vmm.blockers()).singleElement().asString().contains("nic1");
        MigrationResult r = vmm.migrate(LINK);
        assertThat(r.result()).isEqualTo(MigrationResult.Result.BLOCKED);
        assertThat(r.reason()).contains("nic1");
        assertThat(r.rounds()).isEmpty();
        assertThat(r.verification()).isNull();
        assertThat(log.ofType(VmmEvents.MigrationBlocked.class)).hasSize(1);
        assertThat(m.device("nic0").migration().state()).isEqualTo(VfioMigState.RUNNING);
    }

    @Test
    void explicitChoicesOverrideAuto() {
        Machine m = twoDevices(DeviceTrackerSpec.mlx5(), DeviceTrackerSpec.mlx5(), true, new EventLog()).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults().withChoices(Map.of("nic0", TrackerChoice.IOMMU,
                "nic1", TrackerChoice.NONE))).migrate(LINK);
        assertThat(trackers(r)).containsEntry("nic0", TrackerKind.IOMMU).containsEntry("nic1", TrackerKind.ALL_DIRTY);
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void anImpossibleExplicitChoiceFailsWithTheKernelErrnoAndRestoresTheDevices() {
        Machine m = twoDevices(null, null, false, new EventLog()).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withChoices(Map.of("nic1", TrackerChoice.IOMMU)));
        MigrationResult r = vmm.migrate(LINK);
        assertThat(r.result()).isEqualTo(MigrationResult.Result.FAILED);
        assertThat(r.reason()).startsWith("EOPNOTSUPP");
        assertThat(m.devices()).allSatisfy(d -> assertThat(d.migration().state()).isEqualTo(VfioMigState.RUNNING));
        assertThat(m.domains()).allSatisfy(d -> assertThat(d.dirtyTracking()).isFalse());

        Machine m2 = twoDevices(null, null, true, new EventLog()).build();
        MigrationResult r2 = new Vmm(m2, VmmPolicy.defaults().withChoices(Map.of("nic0", TrackerChoice.DEVICE)))
                .migrate(LINK);
        assertThat(r2.result()).isEqualTo(MigrationResult.Result.FAILED);
        assertThat(r2.reason()).startsWith("ENOTTY");
    }

    @Test
    void preCopyTrackingOffSkipsVfioSyncsWhileDevicesRunButLosesNothing() {
        EventLog log = new EventLog();
        Machine m = twoDevices(null, null, true, log).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults().withPreCopyDirtyPageTracking(false)).migrate(LINK);
        assertThat(r.rounds()).allSatisfy(rm -> {
            assertThat(rm.vfioSynced()).isFalse();
            assertThat(rm.syncs()).extracting(TrackerSync::tracker).containsExactly("kvm");
        });
        // The final sync, after the devices stopped, reads the IOMMU once for the whole pre-copy.
        int lastRound = r.rounds().size();
        assertThat(log.ofType(VmmEvents.TrackerSynced.class)).filteredOn(e -> e.round() == lastRound)
                .extracting(VmmEvents.TrackerSynced::tracker).filteredOn(n -> n.startsWith("iommu:")).hasSize(2);
        assertThat(r.verification().mismatches()).isZero();
    }

    @Test
    void deviceStateTravelsInPreCopyAndStopCopyAndTheDestinationResumes() {
        EventLog log = new EventLog();
        Machine m = new MachineBuilder()
                .guestMemory(16 * MIB, 4096)
                .iommu(UnitSpec.of("vtd0", IommuModel.VTD_SS))
                .device(nic("pre", "vtd0", 2 * MIB, null).withMigration(new VfioMigFlags(VfioMigFlags.ALL),
                        3 * MIB, 10_000_000L))
                .device(nic("plain", "vtd0", 6 * MIB, null).withMigration(VfioMigFlags.stopCopyOnly(), MIB, 0))
                .seed(5)
                .events(log)
                .build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(LINK);
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.rounds().get(0).deviceBytes()).isEqualTo(3 * MIB); // the initial bytes of "pre"
        assertThat(r.deviceBytes()).isGreaterThan(4 * MIB); // + dirty bytes + "plain"'s state in stop-copy
        Map<String, List<VfioMigState>> paths = new java.util.HashMap<>();
        log.ofType(VmmEvents.DestinationResumed.class).forEach(e -> paths.put(e.deviceId(), e.path()));
        assertThat(paths.get("pre")).containsExactly(VfioMigState.STOP, VfioMigState.RESUMING, VfioMigState.STOP,
                VfioMigState.RUNNING_P2P, VfioMigState.RUNNING);
        assertThat(paths.get("plain")).containsExactly(VfioMigState.STOP, VfioMigState.RESUMING, VfioMigState.STOP,
                VfioMigState.RUNNING);
        assertThat(m.device("pre").migration().state()).isEqualTo(VfioMigState.STOP);
        assertThat(r.verification().mismatches()).isZero();
    }
}

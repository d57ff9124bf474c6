package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.machine.UnitSpec;
import io.ioptexplorer.hardware.machine.VcpuSpec;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The VMM's rules at their edges: VFIO migration blockers, the tracker plan for emulated devices, hot-plug without any
 * dirty tracking in the VM, lazy provisioning, the KVM ring reaper between slices. Written against PIT survivors in
 * {@link Vmm}, {@link PreCopyMigration} and {@link IommuDirtyTracker} (issue 16).
 */
class VmmEdgesTest {
    private static final long MIB = 1L << 20;

    private static DeviceSpec nic(String id, String unit, long base) {
        return DeviceSpec.of(id, DeviceKind.NIC, unit,
                DeviceWorkload.Config.of(100_000_000L, 2048, AccessPattern.RING, base, 2 * MIB));
    }

    private static DeviceSpec emulated(String id, long base) {
        return DeviceSpec.of(id, DeviceKind.EMULATED, null,
                DeviceWorkload.Config.of(50_000_000L, 4096, AccessPattern.RANDOM, base, 4 * MIB));
    }

    @Test
    void aVfioDeviceWithoutMigrationOpsBlocksMigrationButAnEmulatedOneDoesNot() {
        // QEMU vfio_migration_realize(): VFIO_DEVICE_FEATURE_MIGRATION answers ENOTTY → migrate_add_blocker().
        Machine m = Rigs.nicAndVcpu(51, new EventLog())
                .device(nic("old", "amd0", 16 * MIB).withMigration(VfioMigFlags.NO_MIGRATION_OPS, 0, 0))
                .device(emulated("mdev0", 32 * MIB).withMigration(VfioMigFlags.NO_MIGRATION_OPS, 0, 0))
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults());
        assertThat(vmm.vfioMigrationBlockers()).singleElement().asString()
                .startsWith("old: VFIO migration is not supported in kernel");
        MigrationResult r = vmm.migrate(Rigs.link());
        assertThat(r.result()).isEqualTo(MigrationResult.Result.BLOCKED);
        assertThat(r.reason()).startsWith("old: VFIO migration is not supported in kernel").doesNotContain("mdev0");
        assertThat(r.rounds()).isEmpty();
    }

    @Test
    void anEmulatedDeviceLeavesTheType1ContainerOnlyWhenAskedForAnotherTracker() {
        Machine m = Rigs.nicAndVcpu(52, new EventLog()).device(emulated("mdev0", 32 * MIB)).build();
        Map<String, TrackerKind> kinds = Map.of(
                "AUTO", TrackerKind.TYPE1, "IOMMU", TrackerKind.TYPE1, "NONE", TrackerKind.ALL_DIRTY);
        for (Map.Entry<String, TrackerKind> e : kinds.entrySet()) {
            Vmm vmm = new Vmm(m, VmmPolicy.defaults().withChoices(Map.of("mdev0",
                    TrackerChoice.valueOf(e.getKey()))));
            DevicePlan p = vmm.plan().stream().filter(d -> d.deviceId().equals("mdev0")).findFirst().orElseThrow();
            assertThat(p.tracker()).as(e.getKey()).isEqualTo(e.getValue());
        }
        // nic0 is not emulated: AUTO gives it the IOMMU, whatever mdev0 chose.
        assertThat(new Vmm(m, VmmPolicy.defaults()).plan().get(0).tracker()).isEqualTo(TrackerKind.IOMMU);
    }

    @Test
    void everyDeviceLoggingNeedsEveryVfioDeviceToChooseAutoOrDevice() {
        Machine m = new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .device(nic("nic0", "amd0", 4 * MIB).withTracker(DeviceTrackerSpec.mlx5()))
                .device(nic("nic1", "amd0", 12 * MIB).withTracker(DeviceTrackerSpec.mlx5()))
                .seed(3)
                .build();
        assertThat(new Vmm(m, VmmPolicy.defaults()).plan()).extracting(DevicePlan::tracker)
                .containsExactly(TrackerKind.DEVICE, TrackerKind.DEVICE);
        // One device forced to the IOMMU: QEMU's device-logging rule no longer holds for the other either.
        assertThat(new Vmm(m, VmmPolicy.defaults().withChoices(Map.of("nic1", TrackerChoice.IOMMU))).plan())
                .extracting(DevicePlan::tracker).containsExactly(TrackerKind.IOMMU, TrackerKind.IOMMU);
    }

    @Test
    void hotplugIntoAVmWithoutDirtyTrackingNeedsNoFallback() {
        EventLog log = new EventLog();
        Machine m = new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .iommu(UnitSpec.of("old0", IommuModel.AMD_V1).withFeatures(IommuFeatures.NONE))
                .iommu(UnitSpec.of("old1", IommuModel.AMD_V1).withFeatures(IommuFeatures.NONE))
                .device(nic("nic0", "old0", 4 * MIB))
                .seed(9)
                .events(log)
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withHotplugFallback(HotplugFallback.BLOCK_MIGRATION));
        MachineDevice d = vmm.hotplug(nic("hot", "old1", 12 * MIB));
        assertThat(d).isSameAs(m.device("hot"));
        assertThat(vmm.hotplugFallbacks()).isEmpty();
        assertThat(log.ofType(VmmEvents.HotplugFallbackApplied.class)).isEmpty();
    }

    @Test
    void basePagesCannotBeAskedForOnceGuestMemoryIsMappedWithHugePages() {
        Machine m = Rigs.nicAndVcpu(56, new EventLog()).build();
        new Vmm(m, VmmPolicy.defaults()); // maps guest memory with IOMMU huge pages allowed
        assertThatThrownBy(() -> new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.BASE_PAGES)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("HUGE_PAGES off");
        assertThat(new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.EAGER)).machine()).isSameAs(m);
    }

    @Test
    void aHotpluggedDevicesFallbackOutlivesAChangeOfSettings() {
        Machine m = new MachineBuilder()
                .guestMemory(32 * MIB, 4096)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .iommu(UnitSpec.of("old", IommuModel.AMD_V1).withFeatures(IommuFeatures.NONE))
                .device(nic("nic0", "amd0", 4 * MIB))
                .seed(9)
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withHotplugFallback(HotplugFallback.SUSPEND_EARLY));
        vmm.hotplug(nic("hot", "old", 12 * MIB));
        MachineDevice mdev = vmm.hotplug(emulated("mdev1", 20 * MIB));
        assertThat(mdev).isSameAs(m.device("mdev1"));
        Vmm changed = vmm.withPolicy(vmm.policy().withHotplugFallback(HotplugFallback.BLOCK_MIGRATION));
        assertThat(changed.hotplugFallbacks()).containsExactly(Map.entry("hot", HotplugFallback.SUSPEND_EARLY));
        assertThat(changed.plan()).filteredOn(p -> p.deviceId().equals("hot")).singleElement()
                .extracting(DevicePlan::treatment).isEqualTo(DevicePlan.Treatment.SUSPENDED_EARLY);
    }

    @Test
    void provisioningRejectsAZeroIntervalAndRunsExactlyTheTimeAsked() {
        Machine m = Rigs.nicAndVcpu(53, new EventLog()).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.LAZY));
        assertThatThrownBy(() -> vmm.provisionLazySplit(1_000_000L, 0))
                .isInstanceOf(IllegalArgumentException.class);
        // Refused before anything happened: dirty tracking was not turned on.
        assertThat(m.domains()).allSatisfy(d -> assertThat(d.dirtyTracking()).isFalse());
        long t0 = m.clock().now();
        vmm.provisionLazySplit(2_500_000L, 1_000_000L); // two whole intervals and a half one
        assertThat(m.clock().now() - t0).isEqualTo(2_500_000L);
    }

    @Test
    void leavesSplitWhileProvisioningCountInTheMigrationsSplitReportAndAreCollapsedAtTheEnd() {
        EventLog log = new EventLog();
        Machine m = Rigs.nicAndVcpu(54, log).build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.LAZY));
        // A first attempt splits and, cancelled, collapses: the table's collapse counter no longer starts at 0.
        PreCopyMigration first = vmm.prepareMigration(Rigs.link());
        first.stepRound();
        assertThat(first.cancel().collapses()).isPositive();
        log.clear();

        long early = vmm.provisionLazySplit(20_000_000L, 5_000_000L);
        assertThat(early).isPositive();
        // A provisioning interval that split nothing says nothing.
        assertThat(log.ofType(VmmEvents.SplitApplied.class)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.leavesSplit()).isPositive());
        // A scenario may change the migration settings before migrating (StepExecutor: Vmm.withPolicy); the leaves
        // split so far belong to the VM, not to the settings.
        MigrationResult r = vmm.withPolicy(vmm.policy().withNoTracker(NoTrackerPolicy.SUSPEND_EARLY))
                .migrate(Rigs.link());
        SplitReport s = r.splitReports().get(0);
        long duringMigration = r.rounds().stream().mapToLong(RoundMetrics::splits).sum();
        assertThat(s.splits()).isEqualTo(early + duringMigration);
        // Every leaf split, early or not, is collapsed once when tracking stops; the event counts this stop's.
        assertThat(s.collapses()).isEqualTo(s.splits());
        assertThat(log.ofType(VmmEvents.CollapseApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.collapses()).isEqualTo(s.splits()));
        assertThat(m.domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
    }

    @Test
    void withPreCopyTrackingOffVfioTrackersAreSyncedOnceNoDeviceRuns() {
        // QEMU vfio_devices_all_dirty_tracking(): the x-pre-copy-dirty-page-tracking=off skip applies only while a
        // device is running or in pre-copy. Both NICs suspended early: no device runs, every sync counts as VFIO's.
        Machine m = Rigs.nicAndVcpu(55, new EventLog())
                .device(nic("nic1", "amd0", 16 * MIB)).build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults().withPreCopyDirtyPageTracking(false)
                .withChoices(Map.of("nic0", TrackerChoice.NONE, "nic1", TrackerChoice.NONE))
                .withNoTracker(NoTrackerPolicy.SUSPEND_EARLY)).migrate(Rigs.link());
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.rounds()).allSatisfy(rm -> assertThat(rm.vfioSynced()).isTrue());
    }

    @Test
    void aFullDirtyRingIsReapedBetweenSlicesNotAtTheNextSync() {
        // QEMU's kvm_dirty_ring_reaper_thread serves a vCPU that exited on a full ring (KVM_EXIT_DIRTY_RING_FULL)
        // while the round goes on; the vCPU waits at most until the next slice, not for the round's sync.
        Machine m = Rigs.nicAndVcpu(13, new EventLog())
                .vcpus(VcpuSpec.dirtyRing(VcpuWorkload.Config.of(100_000_000L, 4096, VcpuWorkload.Pattern.RANDOM, 0,
                        64L << 20, 2), 64))
                .build();
        MigrationResult r = new Vmm(m, VmmPolicy.defaults()).migrate(Rigs.link());
        long preCopyNs = r.totalNs() - r.downtimeNs();
        long stalled = m.vcpuWorkload().totalStalledNanos();
        System.out.println("[ring] stalled " + stalled + " ns of " + preCopyNs + " ns pre-copy, 2 vCPUs");
        assertThat(stalled).isPositive().isLessThan(preCopyNs / 2);
    }
}

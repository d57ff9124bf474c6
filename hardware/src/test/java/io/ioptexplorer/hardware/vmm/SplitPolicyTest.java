package io.ioptexplorer.hardware.vmm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.device.AccessPattern;
import io.ioptexplorer.hardware.device.DeviceKind;
import io.ioptexplorer.hardware.device.DeviceWorkload;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.events.InvalidationIssued;
import io.ioptexplorer.hardware.machine.DeviceSpec;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineBuilder;
import io.ioptexplorer.hardware.machine.UnitSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Split policies on an IOMMU-tracked HWPT of 64 MiB mapped with 2 MiB leaves; one storage device writes 4 KiB blocks
 * at random over 16 MiB (8 leaves), nothing else runs. Each policy's dirty granularity and cost.
 */
class SplitPolicyTest {
    private static final long MIB = 1L << 20;
    private static final LinkConfig LINK = LinkConfig.of(1_000_000_000L, 1_000_000L, 4);

    private record Run(Machine machine, MigrationResult result, EventLog log) {
        List<TrackerSync> iommuSyncs(int round) {
            return result.rounds().get(round).syncs().stream().filter(s -> s.kind() == TrackerKind.IOMMU).toList();
        }

        long misses() {
            return result.rounds().stream().mapToLong(RoundMetrics::iotlbMisses).sum();
        }
    }

    private static Run run(SplitPolicy split) {
        return run(split, false);
    }

    private static Run run(SplitPolicy split, boolean provision) {
        EventLog log = new EventLog();
        Machine m = new MachineBuilder()
                .guestMemory(64 * MIB, 2 * MIB)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1).withIotlb(64, 4))
                .device(DeviceSpec.of("ssd0", DeviceKind.STORAGE, "amd0",
                        DeviceWorkload.Config.of(50_000_000L, 4096, AccessPattern.RANDOM, 16 * MIB, 16 * MIB)))
                .seed(11)
                .events(log)
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(split));
        if (provision) {
            assertThat(vmm.provisionLazySplit(20_000_000L, 5_000_000L)).isEqualTo(8);
        }
        MigrationResult r = vmm.migrate(LINK);
        assertThat(r.result()).isEqualTo(MigrationResult.Result.COMPLETED);
        assertThat(r.verification().mismatches()).isZero();
        assertThat(r.splitReports()).hasSize(1);
        return new Run(m, r, log);
    }

    @Test
    void noneReportsWholeHugeLeaves() {
        Run run = run(SplitPolicy.NONE);
        TrackerSync s = run.iommuSyncs(1).get(0);
        assertThat(s.reportedPages() % 512).isZero();
        assertThat(s.amplification()).isGreaterThan(5);
        assertThat(run.result().splitReports().get(0).splits()).isZero();
    }

    @Test
    void basePagesMapsSmallFromTheStartAndReportsExactly() {
        Run run = run(SplitPolicy.BASE_PAGES);
        SplitReport rep = run.result().splitReports().get(0);
        assertThat(rep.leavesAtStart()).containsOnlyKeys(4096L);
        assertThat(rep.splits()).isZero();
        for (int i = 0; i < run.result().rounds().size(); i++) {
            TrackerSync s = run.iommuSyncs(i).get(0);
            assertThat(s.reportedPages()).isEqualTo(s.truePages());
        }
    }

    @Test
    void eagerSplitsEverythingAtStartFlushesAndCollapsesAtTheEnd() {
        Run none = run(SplitPolicy.NONE);
        Run run = run(SplitPolicy.EAGER);
        SplitReport rep = run.result().splitReports().get(0);
        assertThat(rep.leavesAtStart()).containsExactly(Map.entry(2 * MIB, 32L));
        assertThat(rep.splits()).isEqualTo(32);
        assertThat(rep.tablePagesPeak()).isEqualTo(rep.tablePagesAtStart() + 32); // one leaf table per 2 MiB
        assertThat(rep.collapses()).isEqualTo(32);
        assertThat(rep.tablePagesAtEnd()).isEqualTo(rep.tablePagesAtStart());
        assertThat(run.machine().domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
        assertThat(run.result().rounds().get(0).splits()).isEqualTo(32);
        // Every split range was invalidated: the IOTLB may hold the 2 MiB translation.
        assertThat(run.log().ofType(InvalidationIssued.class)).filteredOn(e -> e.reason().equals("split"))
                .hasSizeGreaterThanOrEqualTo(32);
        assertThat(run.log().ofType(VmmEvents.SplitApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.leavesSplit()).isEqualTo(32));
        assertThat(run.log().ofType(VmmEvents.CollapseApplied.class)).hasSize(1);
        // Dirty granularity is now 4 KiB ...
        for (int i = 0; i < run.result().rounds().size(); i++) {
            TrackerSync s = run.iommuSyncs(i).get(0);
            assertThat(s.reportedPages()).isEqualTo(s.truePages());
        }
        // ... paid for with IOTLB misses: 4096 small translations instead of 8 huge ones.
        System.out.println("[split] IOTLB misses during migration: none=" + none.misses() + " eager=" + run.misses());
        assertThat(run.misses()).isGreaterThan(10 * Math.max(1, none.misses()));
    }

    @Test
    void lazySplitsOnlyLeavesSeenDirty() {
        Run run = run(SplitPolicy.LAZY);
        SplitReport rep = run.result().splitReports().get(0);
        assertThat(rep.splits()).isEqualTo(8); // the 8 leaves of the 16 MiB working set, not all 32
        assertThat(rep.collapses()).isEqualTo(8);
        assertThat(run.iommuSyncs(0).get(0).amplification()).isGreaterThan(1); // first sync: still 2 MiB leaves
        for (int i = 1; i < run.result().rounds().size(); i++) {
            TrackerSync s = run.iommuSyncs(i).get(0);
            assertThat(s.reportedPages()).isEqualTo(s.truePages());
        }
        assertThat(run.machine().domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
    }

    @Test
    void lazyWithProvisioningSplitsHotLeavesBeforeMigrationSoRoundZeroIsAlreadyExact() {
        Run run = run(SplitPolicy.LAZY, true);
        SplitReport rep = run.result().splitReports().get(0);
        assertThat(rep.splits()).isEqualTo(8);
        assertThat(rep.collapses()).isEqualTo(8);
        assertThat(rep.leavesAtStart()).containsEntry(4096L, 8L * 512).containsEntry(2 * MIB, 24L);
        // Stale Dirty bits from provisioning may add pages to the first sync, never remove any.
        for (int i = 1; i < run.result().rounds().size(); i++) {
            TrackerSync s = run.iommuSyncs(i).get(0);
            assertThat(s.reportedPages()).isEqualTo(s.truePages());
        }
        assertThat(run.log().ofType(VmmEvents.SplitApplied.class)).extracting(VmmEvents.SplitApplied::policy)
                .containsOnly("lazy-provisioning");
        assertThat(run.machine().domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
        assertThat(run.machine().domains().get(0).dirtyTracking()).isFalse();
    }

    @Test
    void provisionedSplitsAreCollapsedEvenWhenTheMigrationDoesNotUseIommuTracking() {
        Machine m = new MachineBuilder()
                .guestMemory(64 * MIB, 2 * MIB)
                .iommu(UnitSpec.of("amd0", IommuModel.AMD_V1))
                .device(DeviceSpec.of("ssd0", DeviceKind.STORAGE, "amd0",
                        DeviceWorkload.Config.of(50_000_000L, 4096, AccessPattern.RANDOM, 16 * MIB, 16 * MIB))
                        .withTracker(io.ioptexplorer.hardware.machine.DeviceTrackerSpec.mlx5()))
                .build();
        Vmm vmm = new Vmm(m, VmmPolicy.defaults().withSplit(SplitPolicy.LAZY));
        assertThat(vmm.provisionLazySplit(20_000_000L, 5_000_000L)).isEqualTo(8);
        MigrationResult r = vmm.migrate(LINK);
        assertThat(r.plan().get(0).tracker()).isEqualTo(TrackerKind.DEVICE);
        assertThat(r.verification().mismatches()).isZero();
        assertThat(m.domains().get(0).leavesBySize()).containsExactly(Map.entry(2 * MIB, 32L));
        assertThat(m.domains().get(0).dirtyTracking()).isFalse();
    }
}

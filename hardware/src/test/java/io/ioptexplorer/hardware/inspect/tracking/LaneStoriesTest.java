package io.ioptexplorer.hardware.inspect.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The stories the samples tell, read off their lanes. */
class LaneStoriesTest {
    static java.util.stream.Stream<String> samples() throws Exception {
        return SampleLanes.samples();
    }

    /**
     * The VMM stops the guest and the NIC right after the sync that showed the rest fits the downtime, so the final
     * sync finds nothing new and stop-and-copy sends the last pre-copy union (the lanes say so over the empty column).
     */
    @Test
    void aStopAndCopyRightAfterTheLastSyncFindsNothingAndSendsThatSyncsUnion() throws Exception {
        SampleLanes s = SampleLanes.of("vtd-mlx5-device-tracking.yaml");
        MigrationLanes m = s.migrations.get(0);
        LaneRound stop = m.stopCopy().orElseThrow();
        assertThat(stop.nothingSinceLastSync()).isTrue();
        LaneRound last = m.preCopyRounds().get(m.preCopyRounds().size() - 1);
        assertThat(last.nothingSinceLastSync()).as("only a stop-and-copy sync").isFalse();
        assertThat(last.union().orElseThrow().reportedPages()).isPositive()
                .isEqualTo(s.run.migration().finalPages());
    }

    @Test
    void staleIotlbLanesShowTheLostPagesAsIommuFalseNegatives() throws Exception {
        MigrationLanes m = SampleLanes.of("stale-iotlb-hazard.yaml").migrations.get(0);
        assertThat(m.result()).isEqualTo("completed");
        assertThat(m.mismatches()).isEqualTo(256);
        LaneRound last = m.preCopyRounds().get(m.preCopyRounds().size() - 1);
        Lane iommu = last.trackers().stream().filter(l -> l.kind().equals("iommu")).findFirst().orElseThrow();
        Set<Long> missed = falseNegativeIovas(iommu);
        // Every page the verifier found lost was written and not reported by the IOMMU tracker, and nothing else was.
        assertThat(missed).hasSize((int) m.mismatches()).containsAll(m.lostIovas());
        for (Long iova : m.lostIovas()) {
            assertThat(m.syncThatLost(iova)).contains(last);
        }
        // The vCPU log stays exact: the loss is the IOMMU's alone.
        for (LaneRound r : m.rounds()) {
            assertThat(r.lane("kvm").orElseThrow().falseNegatives()).isZero();
        }
    }

    @Test
    void smmuV3OneGibLeavesOverReportAndSplitRunsDoNot() throws Exception {
        List<MigrationLanes> ms = SampleLanes.of("smmuv3-gpu-eager-vs-lazy.yaml").migrations;
        assertThat(ms).hasSize(3);
        // Migration 0, split none: every sync reports whole 1 GiB blocks of which the GPU wrote a quarter.
        for (LaneRound r : ms.get(0).preCopyRounds()) {
            Lane iommu = iommuLane(r);
            assertThat(iommu.falsePositives()).as(r.label()).isGreaterThan(iommu.truePages());
            assertThat(iommu.falseNegatives()).isZero();
        }
        // Migration 1, eager split (proposal): exact from the first sync.
        for (LaneRound r : ms.get(1).rounds()) {
            assertThat(iommuLane(r).falsePositives()).as(r.label()).isZero();
        }
        // Migration 2, lazy split (proposal): the first sync still reports the block whole, then exact.
        List<LaneRound> lazy = ms.get(2).preCopyRounds();
        assertThat(iommuLane(lazy.get(0)).falsePositives()).isPositive();
        for (LaneRound r : lazy.subList(1, lazy.size())) {
            assertThat(iommuLane(r).falsePositives()).as(r.label()).isZero();
        }
    }

    @Test
    void allDirtyLaneReportsEveryMappedPage() throws Exception {
        MigrationLanes m = SampleLanes.of("no-tracker-everything-dirty.yaml").migrations.stream()
                .filter(x -> x.result().equals("completed")).findFirst().orElseThrow();
        for (LaneRound r : m.rounds()) {
            Lane all = r.trackers().stream().filter(l -> l.kind().equals("all-dirty")).findFirst().orElseThrow();
            assertThat(all.reportedPages()).isEqualTo(m.guestPages());
            assertThat(all.falsePositives()).isEqualTo(m.guestPages() - all.truePages());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void kvmLaneIsExactOnEverySample(String sample) throws Exception {
        for (MigrationLanes m : SampleLanes.of(sample).migrations) {
            for (LaneRound r : m.rounds()) {
                Lane kvm = r.lane("kvm").orElseThrow();
                assertThat(kvm.falsePositives() + kvm.falseNegatives()).as("%s %s", sample, r.label()).isZero();
            }
        }
    }

    private static Lane iommuLane(LaneRound r) {
        return r.trackers().stream().filter(l -> l.kind().equals("iommu")).findFirst().orElseThrow();
    }

    private static Set<Long> falseNegativeIovas(Lane l) {
        Set<Long> out = new HashSet<>();
        PageBits reported = l.reported();
        l.truth().forEachFrame(f -> {
            if (!reported.contains(f)) {
                out.add(f << 12);
            }
        });
        return out;
    }
}

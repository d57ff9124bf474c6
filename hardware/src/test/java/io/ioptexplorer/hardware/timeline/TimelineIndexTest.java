package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.iommu.events.IotlbMiss;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TimelineIndexTest {

    @ParameterizedTest
    @ValueSource(strings = {"tour-dirty-tracking-basics.yaml", "riscv-no-upstream-dirty.yaml"})
    void theColumnsAgreeWithTheFullRecords(String file) throws Exception {
        Topology t = Samples.load(file);
        List<TimelineEvent> all = Samples.fullRun(t);
        TimelineIndex index = new TimelineIndex();
        all.forEach(index::onEvent);

        assertThat(index.size()).isEqualTo(all.size());
        Phase phase = Phase.SETUP;
        for (TimelineEvent e : all) {
            EventInfo info = e.info();
            long s = e.seq();
            assertThat(index.kind(s)).isEqualTo(info.kind());
            assertThat(index.timeNs(s)).isEqualTo(e.timeNs());
            assertThat(index.iova(s)).isEqualTo(info.iova());
            assertThat(index.subject(s)).isEqualTo(new TimelineIndex.Subject(info.device(), info.unit(),
                    info.hwpt()));
            assertThat(index.stepOf(s)).as("step of %d", s).isEqualTo(e.step());
            phase = phase.next(e.event());
            assertThat(index.phaseAt(s)).isEqualTo(phase);
        }
        for (int k = -1; k < t.steps().size(); k++) {
            int step = k;
            long first = all.stream().filter(e -> e.step() >= step).mapToLong(TimelineEvent::seq).findFirst()
                    .orElse(all.size());
            assertThat(index.firstSeqOfStep(k)).as("first seq of step %d", k).isEqualTo(first);
        }
    }

    @Test
    void breakpointsFindTheSplitsAndCollapsesOfTheTour() throws Exception {
        List<TimelineEvent> all = Samples.fullRun(Samples.load("tour-dirty-tracking-basics.yaml"));
        TimelineIndex index = new TimelineIndex();
        all.forEach(index::onEvent);
        long firstSplit = all.stream().filter(e -> e.kind() == EventKind.LEAF_SPLIT).findFirst().orElseThrow().seq();
        assertThat(index.nextBreakpoint(-1, EnumSet.of(BreakpointClass.SPLIT))).isEqualTo(firstSplit);
        assertThat(index.previousBreakpoint(firstSplit, EnumSet.of(BreakpointClass.SPLIT))).isEqualTo(-1);
        long firstInvalidation = all.stream().filter(e -> e.info().breakpoint() == BreakpointClass.INVALIDATION)
                .findFirst().orElseThrow().seq();
        assertThat(index.nextBreakpoint(-1, EnumSet.of(BreakpointClass.SPLIT, BreakpointClass.INVALIDATION)))
                .isEqualTo(Math.min(firstSplit, firstInvalidation));
        assertThat(index.nextBreakpoint(all.size(), Set.of(BreakpointClass.SPLIT))).isEqualTo(-1);
        long splits = all.stream().filter(e -> e.info().breakpoint() == BreakpointClass.SPLIT).count();
        assertThat(index.breakpointCount(BreakpointClass.SPLIT)).isEqualTo(splits).isPositive();
        // an IOVA-range breakpoint: the first event about the 2 MiB page at 2 MiB
        long inRange = all.stream().filter(e -> e.info().iova() >= 0x200000 && e.info().iova() < 0x400000)
                .findFirst().orElseThrow().seq();
        assertThat(index.nextInIovaRange(-1, 0x200000, 0x400000)).isEqualTo(inRange);
    }

    @Test
    void aMillionEventsTakeTwelveBytesEachPlusSixteenPerTimeChangeAndChunkSlack() {
        TimelineIndex index = new TimelineIndex();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            // simulated time moves once per 100 events, as a workload slice's accesses share one clock value
            index.onEvent(new TimelineEvent(i, i / 1000, (i / 100) * 10L, new IotlbMiss("u" + (i % 3), "d0", 1,
                    (long) i << 12)));
        }
        assertThat(index.timeChanges()).isEqualTo(n / 100);
        // the per-event columns: kind, detail and subject packed in ints, IOVAs in longs, each chunked by regions
        long ints = IntColumn.PER_CHUNK;
        long longs = LongColumn.PER_EVENT_CHUNK;
        long sparse = LongColumn.SPARSE_CHUNK;
        long intChunks = (n + ints - 1) / ints;
        long longChunks = (n + longs - 1) / longs;
        long timeChunks = (n / 100 + sparse - 1) / sparse;
        long bound = intChunks * ints * 4 + longChunks * longs * 8
                + timeChunks * sparse * TimelineIndex.BYTES_PER_TIME_CHANGE + 16L * (intChunks + longChunks)
                + 4L * 1024;
        assertThat(index.columnBytes()).isLessThanOrEqualTo(bound);
        assertThat(index.columnBytes()).isGreaterThanOrEqualTo((long) n * TimelineIndex.BYTES_PER_EVENT);
        assertThat(index.iova(123_456)).isEqualTo(123_456L << 12);
        assertThat(index.timeNs(123_456)).isEqualTo(12_340L);
        assertThat(index.timeNs(0)).isZero();
        assertThat(index.timeNs(n - 1)).isEqualTo((n - 1) / 100 * 10L);
        assertThat(index.subject(5).unit()).isEqualTo("u2");
        assertThat(index.stepOf(999_999)).isEqualTo(999);
        assertThat(index.firstSeqOfStep(500)).isEqualTo(500_000);
        // the backward scan crosses chunk boundaries and stops at its floor
        assertThat(index.previousInIovaRange(n, 0, 70_000L << 12, 70_001L << 12)).isEqualTo(70_000);
        assertThat(index.previousInIovaRange(n, 70_001, 70_000L << 12, 70_001L << 12)).isEqualTo(-1);
        assertThat(index.previousInIovaRange(70_000, 0, 70_000L << 12, 70_001L << 12)).isEqualTo(-1);
        assertThat(index.previousInIovaRange(n, 0, 65_535L << 12, 65_537L << 12)).isEqualTo(65_536);
    }

    @Test
    void eventsEitherSideOfEachColumnsChunkBoundaryKeepTheirKindSubjectAndIova() {
        // the per-event columns are chunked by G1 regions (not powers of two) and an int chunk holds twice the events
        // of a long chunk: run past the int column's first boundary, which passes the long column's too
        long n = IntColumn.PER_CHUNK + 2L;
        TimelineIndex index = new TimelineIndex();
        for (long i = 0; i < n; i++) {
            index.onEvent(new TimelineEvent(i, 0, 0, new IotlbMiss("u" + (i % 3), "d0", 1, i << 12)));
        }
        for (long b : new long[] {LongColumn.PER_EVENT_CHUNK, IntColumn.PER_CHUNK}) {
            assertThat(index.previousInIovaRange(n, 0, (b - 1) << 12, (b + 1) << 12)).isEqualTo(b);
            assertThat(index.previousInIovaRange(b, 0, (b - 1) << 12, (b + 1) << 12)).isEqualTo(b - 1);
            for (long seq = b - 1; seq <= b; seq++) {
                assertThat(index.iova(seq)).isEqualTo(seq << 12);
                assertThat(index.subject(seq).unit()).isEqualTo("u" + seq % 3);
                assertThat(index.kind(seq)).isEqualTo(EventKind.IOTLB_MISS);
            }
        }
    }

    @Test
    void aPageIsFoundBackwardsAsForwardsAndTheIndexKeepsEachEventsDetailAndListsTheMigrationRecords()
            throws Exception {
        List<TimelineEvent> all = Samples.fullRun(Samples.load("stale-iotlb-hazard.yaml"));
        TimelineIndex index = new TimelineIndex();
        all.forEach(index::onEvent);
        long lo = all.stream().filter(e -> e.kind() == EventKind.DMA_ACCESS).findFirst().orElseThrow().info().iova()
                & ~0xfffL;
        long hi = lo + 0x1000;
        List<Long> forwards = new java.util.ArrayList<>();
        for (long s = index.nextInIovaRange(-1, lo, hi); s >= 0; s = index.nextInIovaRange(s, lo, hi)) {
            forwards.add(s);
        }
        List<Long> backwards = new java.util.ArrayList<>();
        for (long s = index.previousInIovaRange(all.size(), 0, lo, hi); s >= 0;
                s = index.previousInIovaRange(s, 0, lo, hi)) {
            backwards.add(0, s);
        }
        assertThat(backwards).isEqualTo(forwards).isNotEmpty();
        for (TimelineEvent e : all) {
            assertThat(index.detail(e.seq())).as("detail of %s", e).isEqualTo(e.info().detail());
        }
        assertThat(all).anyMatch(e -> e.info().detail() != 0);
        for (EventKind k : TimelineIndex.LISTED) {
            assertThat(index.seqsOf(k)).as("seqs of %s", k)
                    .containsExactly(all.stream().filter(e -> e.kind() == k).mapToLong(TimelineEvent::seq).toArray());
        }
        assertThat(index.seqsOf(EventKind.UNION_LANE)).isNotEmpty();
        assertThatThrownBy(() -> index.seqsOf(EventKind.IOTLB_HIT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iotlb-hit is not listed");
    }

    @Test
    void eventsOutOfOrderAreRefused() {
        TimelineIndex index = new TimelineIndex();
        index.onEvent(new TimelineEvent(0, 0, 0, new IotlbMiss("u", "d", 1, 0)));
        assertThatThrownBy(() -> index.onEvent(new TimelineEvent(2, 0, 0, new IotlbMiss("u", "d", 1, 0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected 1");
        assertThatThrownBy(() -> index.kind(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aMigrationGoesThroughItsPhasesInOrder() throws Exception {
        List<TimelineEvent> all = Samples.fullRun(Samples.load("riscv-no-upstream-dirty.yaml"));
        TimelineIndex index = new TimelineIndex();
        all.forEach(index::onEvent);
        List<Phase.Kind> kinds = new ArrayList<>();
        for (TimelineIndex.PhaseSpan p : index.phases()) {
            if (kinds.isEmpty() || kinds.get(kinds.size() - 1) != p.phase().kind()) {
                kinds.add(p.phase().kind());
            }
        }
        assertThat(kinds).containsSubsequence(Phase.Kind.SETUP, Phase.Kind.PRE_COPY, Phase.Kind.STOP_AND_COPY,
                Phase.Kind.RESUME, Phase.Kind.VERIFICATION, Phase.Kind.DONE);
        List<TimelineIndex.PhaseSpan> rounds = index.phases().stream()
                .filter(p -> p.phase().kind() == Phase.Kind.PRE_COPY).toList();
        for (int i = 0; i < rounds.size(); i++) {
            assertThat(rounds.get(i).phase().round()).isEqualTo(i);
            assertThat(index.kind(rounds.get(i).firstSeq())).isEqualTo(EventKind.ROUND_START);
        }
        assertThat(index.phases()).extracting(TimelineIndex.PhaseSpan::firstSeq).isSorted();
    }
}

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
    void aMillionEventsTakeNineteenBytesEachPlusChunkSlack() {
        TimelineIndex index = new TimelineIndex();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            index.onEvent(new TimelineEvent(i, i / 1000, i * 10L, new IotlbMiss("u" + (i % 3), "d0", 1,
                    (long) i << 12)));
        }
        long chunks = (n + 65535) / 65536;
        long bound = chunks * 65536L * TimelineIndex.BYTES_PER_EVENT + 4L * 16 * chunks + 4L * 1024;
        assertThat(index.columnBytes()).isLessThanOrEqualTo(bound);
        assertThat((double) index.columnBytes() / n).isLessThan(TimelineIndex.BYTES_PER_EVENT * 1.07);
        assertThat(index.iova(123_456)).isEqualTo(123_456L << 12);
        assertThat(index.subject(5).unit()).isEqualTo("u2");
        assertThat(index.stepOf(999_999)).isEqualTo(999);
        assertThat(index.firstSeqOfStep(500)).isEqualTo(500_000);
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

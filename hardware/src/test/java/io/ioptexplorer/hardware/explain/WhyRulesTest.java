package io.ioptexplorer.hardware.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.run.StepResult;
import io.ioptexplorer.hardware.scenario.Topology;
import io.ioptexplorer.hardware.scenario.TopologyLoader;
import io.ioptexplorer.hardware.timeline.EventKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WhyRulesTest {
    private static final Path SAMPLES = Path.of("..", "sample-topologies");

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    private static List<List<Why>> whysOf(String sample) throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve(sample));
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null), EventSink.NONE);
        run.runAll(null);
        List<List<Why>> out = new ArrayList<>();
        for (StepResult r : run.results()) {
            out.add(WhyRules.forStep(t, r));
        }
        return out;
    }

    /** Every bundled tour reaches at least one "why" somewhere along its steps. */
    @ParameterizedTest
    @MethodSource("samples")
    void everySampleTourReachesAWhy(String sample) throws Exception {
        assertThat(whysOf(sample).stream().flatMap(List::stream).toList()).as(sample).isNotEmpty();
    }

    @Test
    void defaultTourExplainsTheFlushAndTheHugeLeaf() throws Exception {
        List<List<Why>> w = whysOf("tour-dirty-tracking-basics.yaml");
        // steps (0-based): 8 first read (4 pages, exact), 11 read after one write into the 2 MiB leaf
        assertThat(w.get(8)).containsExactly(Why.CLEAR_NEEDS_IOTLB_FLUSH);
        assertThat(w.get(11)).containsExactly(Why.HUGE_LEAF_AMPLIFICATION, Why.CLEAR_NEEDS_IOTLB_FLUSH);
        assertThat(w.get(12)).containsExactly(Why.SPLIT_IS_PROPOSAL);
    }

    @Test
    void failuresAreExplainedByErrnoAndOutcome() throws Exception {
        List<List<Why>> selftest = whysOf("selftest-128k.yaml");
        assertThat(selftest.get(5)).containsExactly(Why.ATTACH_REFUSED_NO_DIRTY);
        assertThat(selftest.get(6)).containsExactly(Why.DIRTY_HWPT_UNSUPPORTED);
        Set<Why> riscv = EnumSet.noneOf(Why.class);
        whysOf("riscv-no-upstream-dirty.yaml").forEach(riscv::addAll);
        assertThat(riscv).contains(Why.NO_UPSTREAM_DIRTY_OPS, Why.MIGRATION_FAILED, Why.MIGRATION_BLOCKED);
        Set<Why> stale = EnumSet.noneOf(Why.class);
        whysOf("stale-iotlb-hazard.yaml").forEach(stale::addAll);
        assertThat(stale).contains(Why.STALE_IOTLB_LOSES_PAGES).doesNotContain(Why.CLEAR_NEEDS_IOTLB_FLUSH);
        Set<Why> mixed = EnumSet.noneOf(Why.class);
        whysOf("mixed-host-no-dirty-iommu.yaml").forEach(mixed::addAll);
        assertThat(mixed).contains(Why.DEVICE_SUSPENDED, Why.ATTACH_REFUSED_NO_DIRTY);
    }

    /** On the timeline, the default tour's events reach the flush, the huge-leaf and the split explanations. */
    @Test
    void timelineEventsOfTheDefaultTourReachTheirWhy() throws Exception {
        Topology t = TopologyLoader.load(SAMPLES.resolve("tour-dirty-tracking-basics.yaml"));
        Set<Why> seen = EnumSet.noneOf(Why.class);
        ScenarioRun run = new ScenarioRun(t, ScenarioRun.seedFor(t, null),
                e -> WhyRules.forEvent(e.event()).ifPresent(seen::add), true);
        run.runAll(null);
        assertThat(seen).contains(Why.CLEAR_NEEDS_IOTLB_FLUSH, Why.HUGE_LEAF_AMPLIFICATION, Why.SPLIT_IS_PROPOSAL,
                Why.TRACKING_ENABLE_WIPES);
    }

    /** One place: every text is complete, sourced, and said once; event kinds map into the same constants. */
    @Test
    void catalogIsTheOnePlaceAndEachTextIsWrittenOnce() {
        Set<String> texts = new HashSet<>();
        for (Why w : Why.values()) {
            assertThat(w.title()).isNotBlank();
            assertThat(w.sources()).as(w.key()).isNotEmpty();
            assertThat(texts.add(w.text())).as("text of %s is unique", w.key()).isTrue();
            if (w.status() == Why.Status.PROPOSAL) {
                assertThat(w.text()).as(w.key()).containsIgnoringCase("proposal");
            }
        }
        assertThat(WhyRules.forEventKind("leaf-split")).contains(Why.SPLIT_IS_PROPOSAL);
        assertThat(WhyRules.forEventKind(EventKind.IOTLB_HIT)).isEmpty();
        assertThat(WhyRules.forEventKind("no-such-kind")).isEmpty();
    }
}

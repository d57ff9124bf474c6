package io.ioptexplorer.viewmodel.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.run.RunCheckpoint;
import io.ioptexplorer.hardware.run.ScenarioRun;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkpoints' spacing, lookup and eviction under their budget. */
class CheckpointsTest {
    private static final Topology TOUR = Sessions.sample("tour-dirty-tracking-basics.yaml");
    private static final RunCheckpoint ANY = new ScenarioRun(TOUR, 1, EventSink.NONE).checkpoint();

    private static Checkpoints.Entry entry(int step, long seq, long bytes) {
        return new Checkpoints.Entry(step, ANY, EventSink.NONE, List.of(), seq, bytes);
    }

    @Test
    void theLatestAtOrBeforeATargetIsFound() {
        Checkpoints c = new Checkpoints(1000, 0);
        c.add(entry(0, 10, 1));
        c.add(entry(4, 400, 1));
        c.add(entry(9, 900, 1));
        assertThat(c.atOrBefore(3).step()).isZero();
        assertThat(c.atOrBefore(4).step()).isEqualTo(4);
        assertThat(c.atOrBefore(100).step()).isEqualTo(9);
    }

    @Test
    void aBoundaryIsWantedOnlyFarEnoughFromTheLastOneAndOnce() {
        Checkpoints c = new Checkpoints(1000, 100);
        assertThat(c.wanted(0, 5)).isTrue();
        c.add(entry(0, 5, 1));
        assertThat(c.wanted(0, 5)).isFalse();
        assertThat(c.wanted(1, 50)).isFalse();
        assertThat(c.wanted(2, 105)).isTrue();
    }

    @Test
    void overBudgetTheCheapestToLoseGoesAndTheStartStays() {
        Checkpoints c = new Checkpoints(300, 0);
        c.add(entry(0, 0, 100));
        c.add(entry(1, 1000, 100));
        c.add(entry(2, 1100, 100)); // its neighbours are 200 events apart: the cheapest to lose
        c.add(entry(3, 1200, 100));
        assertThat(c.steps()).containsExactly(0, 1, 3);
        assertThat(c.bytes()).isEqualTo(300);
        c.add(entry(4, 1300, 50)); // 3's neighbours are now 300 events apart, 1's 1300
        assertThat(c.steps()).containsExactly(0, 1, 4);
        assertThat(c.bytes()).isEqualTo(250);
        c.add(entry(6, 6000, 250)); // 1 goes, then 4; with none between, the newest: the start stays
        assertThat(c.steps()).containsExactly(0);
        assertThat(c.bytes()).isEqualTo(100);
        c.add(entry(7, 7000, 10));
        assertThat(c.steps()).containsExactly(0, 7);
        assertThat(c.bytes()).isEqualTo(110);
    }

    @Test
    void theStartGoesLastAndOnlyWhenItAloneIsOverBudget() {
        Checkpoints c = new Checkpoints(150, 0);
        c.add(entry(0, 0, 100));
        c.add(entry(3, 300, 100));
        assertThat(c.steps()).containsExactly(0);
        c.add(entry(0, 0, 160)); // the start taken again, larger than the whole budget
        assertThat(c.steps()).isEmpty();
        assertThat(c.bytes()).isZero();
        assertThat(c.atOrBefore(5)).isNull();
    }
}

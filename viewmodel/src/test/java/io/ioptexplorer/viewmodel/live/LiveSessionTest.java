package io.ioptexplorer.viewmodel.live;

import static io.ioptexplorer.viewmodel.live.Sessions.await;
import static io.ioptexplorer.viewmodel.live.Sessions.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;
import io.ioptexplorer.hardware.run.RunReport;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.hardware.timeline.EventKind;
import io.ioptexplorer.hardware.timeline.TimelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live machine driven like the window drives it, without a toolkit. */
class LiveSessionTest extends SessionTest {
    /** The default tour's step 7 (0-based): the NIC's four 64-byte DMA writes. */
    private static final int DMA_STEP = 7;
    @Test
    void openingPausesBeforeTheFirstStepWithTheAssemblyOnTheTimeline() {
        session = new LiveSession(Sessions.UI);
        var tour = Sessions.sample("tour-dirty-tracking-basics.yaml");
        MachineSnapshot s = await(session.open(tour, 1));
        assertThat(s.nextStep()).isZero();
        assertThat(s.atBoundary()).isTrue();
        assertThat(s.moment().step()).isZero();
        assertThat(s.timelineSize()).isEqualTo(Sessions.index(session).size());
    }

    @Test
    void stepIntoADmaWriteShowsTheMissTheFourWalkLevelsTopFirstThenTheDirtyUpdate() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        for (int i = 0; i < DMA_STEP; i++) {
            await(session.stepOver());
        }
        List<TimelineEvent> seen = new ArrayList<>();
        MachineSnapshot s = await(session.stepInto());
        while (!s.atBoundary() && !(s.event().event() instanceof EntryUpdated)) {
            assertThat(s.event().step()).isEqualTo(DMA_STEP);
            seen.add(s.event());
            s = await(session.stepInto());
        }
        assertThat(s.atBoundary()).as("the write's Dirty update").isFalse();
        List<String> kinds = seen.stream().map(e -> e.kind().id()).toList();
        assertThat(kinds).startsWith("dma-access").contains("iotlb-miss");
        List<Integer> levels = seen.stream().filter(e -> e.event() instanceof WalkStep)
                .map(e -> ((WalkStep) e.event()).level()).toList();
        assertThat(levels).containsExactly(3, 2, 1, 0);
        assertThat(kinds.indexOf("iotlb-miss")).isLessThan(kinds.indexOf("walk-step"));
        EntryUpdated dirty = (EntryUpdated) s.event().event();
        // VT-d second stage: D is bit 9 (VT-d spec 9.8); the hardware sets it on this write
        assertThat(dirty.oldEntry() & (1L << 9)).isZero();
        assertThat(dirty.newEntry() & (1L << 9)).isNotZero();
        // each stop is one event further
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).seq()).isEqualTo(seen.get(i - 1).seq() + 1);
        }
    }

    @Test
    void stepOutFinishesTheStepAndStepOverRunsTheNextWhole() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        for (int i = 0; i < DMA_STEP; i++) {
            await(session.stepOver());
        }
        await(session.stepInto());
        MachineSnapshot out = await(session.stepOut());
        assertThat(out.atBoundary()).isTrue();
        assertThat(out.nextStep()).isEqualTo(DMA_STEP + 1);
        assertThat(out.outcomes()).hasSize(DMA_STEP + 1);
        assertThat(out.outcomes().get(DMA_STEP).field("bytes").number()).isEqualTo(256L);
        MachineSnapshot over = await(session.stepOver());
        assertThat(over.nextStep()).isEqualTo(DMA_STEP + 2);
    }

    @Test
    void aSplitBreakpointStopsTheTourInsideItsSplitStep() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        session.setBreakpoints(Breakpoints.NONE.with(BreakpointClass.SPLIT, true));
        MachineSnapshot s = await(session.runToEnd());
        assertThat(s.atBoundary()).isFalse();
        assertThat(s.event().kind()).isEqualTo(EventKind.LEAF_SPLIT);
        assertThat(Sessions.sample("tour-dirty-tracking-basics.yaml").steps().get(s.event().step()).op())
                .isEqualTo("split");
        assertThat(s.message()).contains("leaf-split");
        // going on runs to the end: the tour splits once
        MachineSnapshot end = await(session.runToEnd());
        assertThat(end.atBoundary()).isTrue();
        assertThat(end.nextStep()).isEqualTo(Sessions.sample("tour-dirty-tracking-basics.yaml").steps().size());
    }

    @Test
    void anIovaRangeBreakpointStopsOnTheFirstEventThatTouchesIt() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        // page 8 of the 64 KiB range: the third of the four DMA writes
        session.setBreakpoints(new Breakpoints(Set.of(), List.of(new Breakpoints.IovaRange(0x108000, 0x1000))));
        MachineSnapshot s = await(session.runToEnd());
        assertThat(s.atBoundary()).isFalse();
        var info = s.event().info();
        assertThat(info.iova()).isBetween(0x108000L - Math.max(0, info.length() - 1), 0x108fffL);
    }

    @Test
    void stepBackFromTheEndEqualsRunningStraightToThatBoundary() {
        session = Sessions.open("selftest-128k.yaml");
        MachineSnapshot end = await(session.runToEnd());
        int n = end.nextStep();
        MachineSnapshot back = await(session.stepBack());
        assertThat(back.nextStep()).isEqualTo(n - 1);
        assertThat(back.atBoundary()).isTrue();
        assertThat(back.outcomes()).isEqualTo(end.outcomes().subList(0, n - 1));
        String rewound = get(session.query(pm -> RunReport.json(pm.run())));

        LiveSession straight = Sessions.open("selftest-128k.yaml");
        try {
            for (int i = 0; i < n - 1; i++) {
                await(straight.stepOver());
            }
            String straightReport = get(straight.query(pm -> RunReport.json(pm.run())));
            assertThat(straightReport).isEqualTo(rewound);
        } finally {
            straight.close();
        }
    }

    @Test
    void oneEventBackFromInsideAStepLandsOnThePreviousEvent() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        for (int i = 0; i < DMA_STEP; i++) {
            await(session.stepOver());
        }
        await(session.stepInto());
        MachineSnapshot second = await(session.stepInto());
        MachineSnapshot third = await(session.stepInto());
        MachineSnapshot back = await(session.eventBack());
        assertThat(back.moment()).isEqualTo(second.moment());
        assertThat(back.event()).isEqualTo(second.event());
        assertThat(third.moment().seq()).isEqualTo(second.moment().seq() + 1);
    }

    @Test
    void goToAnEarlierMomentReplaysAndTheTimelineKeepsTheFuture() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        MachineSnapshot end = await(session.runToEnd());
        long total = Sessions.index(session).size();
        long target = Sessions.index(session).firstSeqOfStep(DMA_STEP) + 3;
        MachineSnapshot there = await(session.goTo(new Moment(DMA_STEP, target)));
        assertThat(there.moment()).isEqualTo(new Moment(DMA_STEP, target));
        assertThat(there.event().seq()).isEqualTo(target);
        assertThat(there.event().kind()).isEqualTo(Sessions.index(session).kind(target));
        assertThat(there.nextStep()).isEqualTo(DMA_STEP);
        assertThat(Sessions.index(session).size()).isEqualTo(total);
        assertThat(there.message()).startsWith("Replayed");
        // and forward again to the end gives the same end
        MachineSnapshot again = await(session.runToEnd());
        assertThat(again.outcomes()).isEqualTo(end.outcomes());
        assertThat(again.moment()).isEqualTo(end.moment());
    }

    @Test
    void queriesAreAnsweredWhilePausedInsideAnEvent() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        for (int i = 0; i < DMA_STEP; i++) {
            await(session.stepOver());
        }
        MachineSnapshot s = await(session.stepInto());
        long now = get(session.query(pm -> pm.machine().clock().now()));
        assertThat(now).isEqualTo(s.timeNs());
        long seq = get(session.query(pm -> pm.event().orElseThrow().seq()));
        assertThat(seq).isEqualTo(s.event().seq());
    }

    /**
     * A query says whether the machine moves on after it: answered in between a play's events it is running, answered
     * while the machine stands (at a boundary, or paused inside an event) it is not. The page tables' Changed column
     * compares a moment the machine stands at with the last such moment on that account.
     */
    @Test
    void aQueryKnowsWhetherTheMachineRunsOnAfterIt() throws Exception {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        assertThat(get(session.query(PausedMachine::running))).isFalse();
        await(session.stepInto());
        assertThat(get(session.query(PausedMachine::running))).as("paused inside an event").isFalse();
        session.setSpeed(Speed.eventsPerSecond(20)); // slow: the play is still going when the query is answered
        session.play();
        boolean duringPlay = get(session.query(PausedMachine::running));
        session.pause();
        assertThat(duringPlay).isTrue();
    }

    @Test
    void registeredPartsAreCapturedAtEveryPausedMoment() {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        SnapshotPart<Long> clock = pm -> pm.machine().clock().now();
        SnapshotPart<Integer> failing = pm -> {
            throw new IllegalStateException("broken view");
        };
        session.register(clock);
        session.register(failing);
        MachineSnapshot s = await(session.stepOver());
        assertThat(s.part(clock)).isEqualTo(s.timeNs());
        assertThat(s.part(failing)).isNull();
        assertThat(s.partFailure(failing)).hasValueSatisfying(w -> assertThat(w).contains("broken view"));
    }

    @Test
    void pauseStopsAPlayingMachineAndPlayPacesToTheSpeed() throws Exception {
        session = Sessions.open("tour-dirty-tracking-basics.yaml");
        session.setSpeed(Speed.eventsPerSecond(50));
        var playing = session.play();
        Thread.sleep(300);
        session.pause();
        MachineSnapshot s = await(playing);
        assertThat(s.paused()).isTrue();
        // 50 events a second for about 0.3 s: far fewer than the tour's events
        assertThat(s.moment().seq() - Sessions.index(session).firstSeqOfStep(0)).isBetween(1L, 100L);
    }
}

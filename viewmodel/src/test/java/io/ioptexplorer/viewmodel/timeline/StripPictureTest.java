package io.ioptexplorer.viewmodel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.timeline.BreakpointClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strip's hover text: which step, which phase and which mark lie under the mouse. */
class StripPictureTest {
    /**
     * 1000 events in 100 buckets of 10: step 1 from event 0, step 2 from 100, step 3 from 600; setup until 600,
     * then pre-copy round 0; a split marked in bucket 20 (events 200-209) and a round end in bucket 90.
     */
    private static StripPicture picture() {
        byte[] marks = new byte[100];
        marks[20] = (byte) (1 + BreakpointClass.SPLIT.ordinal());
        marks[90] = (byte) (1 + BreakpointClass.ROUND_END.ordinal());
        return new StripPicture(1000, new long[] {0, 100, 600},
                List.of(new StripPicture.PhaseBand(0, "setup", 0), new StripPicture.PhaseBand(600, "pre-copy round 0", 1)),
                marks, 999, 2);
    }

    @Test
    void namesTheStepThePhaseAndTheMarkUnderTheMouse() {
        StripPicture p = picture();
        assertThat(p.describeAt(205, 0)).isEqualTo("Step 2, setup · split events here · event 205");
        assertThat(p.describeAt(650, 0)).isEqualTo("Step 3, pre-copy round 0 · event 650");
        assertThat(p.describeAt(905, 0)).isEqualTo("Step 3, pre-copy round 0 · round-end events here · event 905");
    }

    @Test
    void aMarkIsFoundWithinTheSlackAndNotBeyondIt() {
        StripPicture p = picture();
        assertThat(p.markNear(195, 0)).isNull();
        assertThat(p.markNear(195, 5)).isEqualTo(BreakpointClass.SPLIT);
        assertThat(p.markNear(213, 5)).isEqualTo(BreakpointClass.SPLIT);
        assertThat(p.markNear(216, 5)).isNull();
        assertThat(p.markNear(225, 5)).isNull();
    }

    @Test
    void theEndsAndAnEmptyRunAreDescribed() {
        StripPicture p = picture();
        assertThat(p.describeAt(-40, 0)).startsWith("Step 1, setup");
        assertThat(p.describeAt(5000, 0)).endsWith("event 999");
        assertThat(StripPicture.EMPTY.describeAt(3, 10)).isEqualTo("Nothing has run yet.");
        assertThat(StripPicture.EMPTY.markNear(3, 10)).isNull();
    }
}

package io.ioptexplorer.viewmodel.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.timeline.BreakpointClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strip's hover text: which step, which phase and which mark lie under the mouse. */
class StripPictureTest {
    private static final long[] STEPS = {0, 100, 600};

    /**
     * 1000 events in 100 buckets: step 1 from event 0, step 2 from 100, step 3 from 600; setup until 600, then
     * pre-copy round 0; a split marked in the bucket of event 205 and a round end in the bucket of event 905. Step 2's
     * 500 events take 5/12 of the width (an even third of half, plus half of its half by events), so about 12 events
     * share a bucket there.
     */
    private static StripPicture picture() {
        byte[] marks = new byte[100];
        StripScale scale = StripScale.of(1000, STEPS, new long[] {0, 600});
        marks[scale.bucketOf(205, 100)] = (byte) (1 + BreakpointClass.SPLIT.ordinal());
        marks[scale.bucketOf(905, 100)] = (byte) (1 + BreakpointClass.ROUND_END.ordinal());
        return new StripPicture(1000, STEPS,
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
        assertThat(p.bucketOf(205)).isEqualTo(30); // 5/12 * 105/500 of the width after step 1's 13/60
        assertThat(p.bucketOf(195)).isEqualTo(29);
        assertThat(p.bucketOf(225)).isEqualTo(32);
        assertThat(p.markNear(195, 0)).isNull();
        assertThat(p.markNear(195, 1)).isEqualTo(BreakpointClass.SPLIT);
        assertThat(p.markNear(225, 1)).isNull();
        assertThat(p.markNear(225, 2)).isEqualTo(BreakpointClass.SPLIT);
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

package io.ioptexplorer.app.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.timeline.BreakpointClass;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;

/** Each breakpoint group's mark has its own colour, and the legend names every group. */
class TimelineStripLegendTest {
    @Test
    void everyGroupHasItsOwnColourAndIsInTheLegend() {
        Set<Color> colours = new HashSet<>();
        for (BreakpointClass c : BreakpointClass.values()) {
            assertThat(colours.add(TimelineStripView.markColour(c))).as("colour of %s is not another's", c).isTrue();
            if (c != BreakpointClass.OTHER) {
                assertThat(TimelineStripView.LEGEND).contains(" " + c.id());
            }
        }
    }
}

package io.ioptexplorer.app.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The bottom pane's default height from the panes' height, and the divider that gives it. */
class BottomPaneSizeTest {
    private static final double CHROME = 96; // padding, filter bar and strip, as laid out at 1x
    private static final double LINE = 20;

    @Test
    void aShortWindowGetsTheFewestLinesATallOneMoreUpToTheMost() {
        assertThat(BottomPaneSize.lines(800, CHROME, LINE)).as("1280x800").isEqualTo(BottomPaneSize.MIN_LINES);
        assertThat(BottomPaneSize.lines(600, CHROME, LINE)).isEqualTo(BottomPaneSize.MIN_LINES);
        assertThat(BottomPaneSize.lines(1080, CHROME, LINE)).as("1920x1080: 22% of 1080 less the chrome")
            .isEqualTo((int) ((0.22 * 1080 - CHROME) / LINE)).isEqualTo(7);
        assertThat(BottomPaneSize.lines(5000, CHROME, LINE)).isEqualTo(BottomPaneSize.MAX_LINES);
    }

    @Test
    void theDividerGivesTheBottomItsHeightAndHeightForReadsItBack() {
        double p = BottomPaneSize.dividerFor(570, 176, 4);
        assertThat((1 - p) * 570 - 4 / 2.0).as("what the split pane gives the bottom").isGreaterThanOrEqualTo(176);
        assertThat(BottomPaneSize.heightFor(570, p, 4)).isCloseTo(176, within(1e-9));
        assertThat(BottomPaneSize.dividerFor(300, 290, 4)).as("the centre keeps half").isEqualTo(0.5);
        assertThat(BottomPaneSize.dividerFor(0, 176, 4)).as("not laid out yet").isEqualTo(0.64);
    }
}

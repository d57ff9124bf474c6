package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the lanes and the page trace share a height: the trace yields first, and takes what the lanes cannot use. */
class CanvasFirstColumnTest {
    // lanes: 300 comfortable, 600 at most; trace: 30 (its title) to 180
    private static double trace(double height, boolean open) {
        return CanvasFirstColumn.traceHeight(height, 300, 600, 30, 180, open);
    }

    @Test
    void theTraceYieldsDownToItsTitleBeforeTheLanesLoseTheirComfortableHeight() {
        assertThat(trace(480, true)).isEqualTo(180);
        assertThat(trace(400, true)).isEqualTo(100);
        assertThat(trace(330, true)).isEqualTo(30);
        assertThat(trace(200, true)).as("short of everything: the title stays, the lanes go compact").isEqualTo(30);
    }

    @Test
    void pastTheMostTheLanesCanUseAnOpenTraceTakesTheRestAndAFoldedOneDoesNot() {
        assertThat(trace(900, true)).isEqualTo(300);
        assertThat(trace(900, false)).isEqualTo(180);
        assertThat(trace(700, true)).isEqualTo(180);
    }
}

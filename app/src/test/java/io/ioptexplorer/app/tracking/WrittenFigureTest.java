package io.ioptexplorer.app.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import io.ioptexplorer.hardware.inspect.tracking.LaneRound;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figure under the ground truth: an empty stop-and-copy column says why it is empty. */
class WrittenFigureTest {
    private static final Lane EMPTY_KVM = new Lane("kvm", "kvm", PageBits.EMPTY, PageBits.EMPTY);

    @Test
    void anEmptyStopAndCopyNamesTheSyncItFollows() {
        Lane union = new Lane(Lane.UNION, Lane.UNION, PageBits.EMPTY, PageBits.EMPTY);
        LaneRound stop = new LaneRound(2, true, List.of(EMPTY_KVM, union));
        assertThat(LanesCanvas.writtenFigure(stop, union)).isEqualTo("0 written since round 1's sync");
    }

    @Test
    void otherwiseItCountsThePagesWritten() {
        Lane union = new Lane(Lane.UNION, Lane.UNION, PageBits.of(1, 2, 3), PageBits.of(1, 2, 3));
        assertThat(LanesCanvas.writtenFigure(new LaneRound(2, true, List.of(EMPTY_KVM, union)), union))
                .isEqualTo("3 written");
        Lane none = new Lane(Lane.UNION, Lane.UNION, PageBits.EMPTY, PageBits.EMPTY);
        assertThat(LanesCanvas.writtenFigure(new LaneRound(0, false, List.of(EMPTY_KVM, none)), none))
                .as("a pre-copy round that found nothing").isEqualTo("0 written");
    }
}

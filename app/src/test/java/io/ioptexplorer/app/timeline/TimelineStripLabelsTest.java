package io.ioptexplorer.app.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A phase band's label is drawn only where it fits: whole, else short ("round 12"), else not at all. Before, any band
 * wider than 70 px got its whole label, and ten rounds side by side ran into each other ("pre-copy round 0pre-copy
 * round 1...", seen on the no-tracker sample at 1280 px).
 */
@ExtendWith(ApplicationExtension.class)
class TimelineStripLabelsTest {
    @Start
    void start(Stage stage) {
        // the toolkit, for font metrics
    }

    @Test
    void theWholeLabelTheShortOneOrNone() {
        String whole = "pre-copy round 12";
        String shortOne = "round 12";
        assertThat(TimelineStripView.fitting(200, whole, shortOne)).isEqualTo(whole);
        assertThat(TimelineStripView.fitting(70, whole, shortOne)).isEqualTo(shortOne);
        assertThat(TimelineStripView.fitting(12, whole, shortOne)).isNull();
    }
}

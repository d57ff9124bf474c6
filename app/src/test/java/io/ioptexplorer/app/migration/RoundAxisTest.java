package io.ioptexplorer.app.migration;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.chart.NumberAxis;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A chart by round: a single round in the middle, not on the axis line; no negative round labelled. */
@ExtendWith(ApplicationExtension.class)
class RoundAxisTest {
    @Start
    void start(Stage stage) {
        // no window: the axis alone
    }

    @Test
    void aSingleRoundIsCentredAndManyRoundsFillTheAxis(FxRobot robot) {
        NumberAxis[] x = new NumberAxis[1];
        robot.interact(() -> {
            x[0] = new NumberAxis();
            RoundAxis.fit(x[0], 0, 0);
        });
        assertThat(x[0].getLowerBound()).isEqualTo(-1);
        assertThat(x[0].getUpperBound()).isEqualTo(1);
        assertThat(x[0].getTickLabelFormatter().toString(-1)).isEmpty();
        assertThat(x[0].getTickLabelFormatter().toString(0)).isEqualTo("0");
        assertThat(x[0].getTickLabelFormatter().toString(0.5)).isEmpty();
        robot.interact(() -> RoundAxis.fit(x[0], 3, 3));
        assertThat(x[0].getLowerBound()).isEqualTo(2);
        assertThat(x[0].getUpperBound()).isEqualTo(4);
        robot.interact(() -> RoundAxis.fit(x[0], 0, 5));
        assertThat(x[0].getLowerBound()).isZero();
        assertThat(x[0].getUpperBound()).isEqualTo(5);
        assertThat(x[0].getTickUnit()).isEqualTo(1);
    }
}

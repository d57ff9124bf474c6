package io.ioptexplorer.app.migration;

import javafx.scene.chart.NumberAxis;
import javafx.util.StringConverter;

/**
 * The x axis of a chart by pre-copy round: one tick a round. A single round sits in the middle of a range one round
 * wider on each side (at an end it was drawn on the axis line, its symbols half cut off), and no negative round is
 * labelled.
 */
public final class RoundAxis {
    private static final StringConverter<Number> ROUNDS = new StringConverter<>() {
        @Override
        public String toString(Number n) {
            double v = n.doubleValue();
            return v < 0 || v != Math.rint(v) ? "" : Long.toString((long) v);
        }

        @Override
        public Number fromString(String s) {
            return Long.parseLong(s);
        }
    };

    private RoundAxis() {
    }

    /** Shows rounds {@code first} to {@code last} on {@code x}. */
    public static void fit(NumberAxis x, long first, long last) {
        x.setAutoRanging(false);
        x.setTickUnit(1);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(ROUNDS);
        boolean single = last <= first;
        x.setLowerBound(single ? first - 1 : first);
        x.setUpperBound(single ? first + 1 : last);
    }
}

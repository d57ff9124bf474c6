package io.ioptexplorer.app.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.chart.XYChart;

/** Chart series from a view model's named lists of (round, value) points: the dashboard's and the comparison's. */
public final class RoundSeries {
    private RoundSeries() {
    }

    public static List<XYChart.Series<Number, Number>> of(Map<String, List<long[]>> byName) {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        byName.forEach((name, points) -> {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(name);
            for (long[] p : points) {
                s.getData().add(new XYChart.Data<>(p[0], p[1]));
            }
            all.add(s);
        });
        return all;
    }
}

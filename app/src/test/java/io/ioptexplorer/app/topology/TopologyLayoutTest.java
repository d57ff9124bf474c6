package io.ioptexplorer.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The diagram's geometry with a fixed-width font (7 px a character): which arrangement, and lines that fit. */
class TopologyLayoutTest {
    private static final TopologyLayout.Measure SEVEN_PX = (line, title) -> line.length() * 7.0;

    private static TopologyLayout.Content box(String id, int lines) {
        return new TopologyLayout.Content(id, Stream.iterate(id + " first line of this box", s -> s + " and more")
                .limit(lines).toList(), lines);
    }

    private static TopologyLayout layout(double w, double h) {
        return TopologyLayout.of(List.of(box("nic0", 4), box("gpu0", 4)), List.of(box("amd0", 4)), box("vm", 2), w,
                h, 1, SEVEN_PX, 30);
    }

    @Test
    void aTallPaneGetsRowsAShortWideOneColumnsAndNeitherFittingTheShorterOfTheTwo() {
        TopologyLayout tall = layout(800, 900);
        assertThat(tall.columns()).isFalse();
        assertThat(tall.height()).isLessThanOrEqualTo(900);
        assertThat(tall.units().get(0).rect().getMinY()).isGreaterThan(tall.devices().get(0).rect().getMaxY());
        assertThat(tall.vm().rect().getMinY()).isGreaterThan(tall.units().get(0).rect().getMaxY());

        TopologyLayout shortWide = layout(800, 360);
        assertThat(shortWide.columns()).isTrue();
        assertThat(shortWide.height()).isLessThanOrEqualTo(360);
        assertThat(shortWide.units().get(0).rect().getMinX()).isGreaterThan(shortWide.devices().get(0).rect().getMaxX());
        assertThat(shortWide.vm().rect().getMinX()).isGreaterThan(shortWide.units().get(0).rect().getMaxX());

        TopologyLayout tiny = layout(800, 50);
        assertThat(tiny.height()).isGreaterThan(50)
                .isEqualTo(Math.min(layout(800, 900).height(), shortWide.height()));
    }

    @Test
    void everyLineFitsItsBoxAndEveryBoxIsAsTallAsItsLines() {
        for (double[] size : new double[][] {{800, 900}, {800, 330}, {420, 300}}) {
            TopologyLayout l = layout(size[0], size[1]);
            List<TopologyLayout.Box> all = Stream.concat(Stream.concat(l.devices().stream(), l.units().stream()),
                    Stream.of(l.vm())).toList();
            for (TopologyLayout.Box b : all) {
                assertThat(b.lines()).allSatisfy(line -> assertThat(line.length() * 7.0)
                        .isLessThanOrEqualTo(b.rect().getWidth() - 16));
                assertThat(b.rect().getHeight()).isEqualTo(TopologyLayout.heightOf(b.lines().size(), 1));
                assertThat(String.join(" ", b.lines()).replace(" ", ""))
                        .as("wrapping loses no character").startsWith(b.id() + "firstline");
                for (TopologyLayout.Box o : all) {
                    assertThat(o == b || !o.rect().intersects(b.rect())).as("%s and %s", b.id(), o.id()).isTrue();
                }
            }
        }
    }
}

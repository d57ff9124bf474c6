package io.ioptexplorer.viewmodel.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.inspect.tracking.Lane;
import org.junit.jupiter.api.Test;

class LaneRasterTest {
    // frames 0..99: 10 written and reported, 20 reported only, 30 written only
    private final Lane lane = new Lane("t", "iommu", PageBits.of(10, 20, 21), PageBits.of(10, 30));

    @Test
    void onePixelPerPageShowsEachClassInItsColour() {
        int[] px = new int[100];
        LaneRaster.row(lane, 0, 100, 100, px, 0);
        assertThat(px[10]).isEqualTo(LaneColors.TRUE_POSITIVE);
        assertThat(px[20]).isEqualTo(LaneColors.FALSE_POSITIVE);
        assertThat(px[21]).isEqualTo(LaneColors.FALSE_POSITIVE);
        assertThat(px[30]).isEqualTo(LaneColors.FALSE_NEGATIVE);
        assertThat(px[0]).isEqualTo(LaneColors.EMPTY);
        assertThat(px[99]).isEqualTo(LaneColors.EMPTY);
    }

    @Test
    void aFalseNegativeWinsItsPixelWhenManyPagesShareOne() {
        int[] px = new int[2];
        LaneRaster.row(lane, 0, 100, 2, px, 0); // 50 pages per pixel: the first holds all three classes
        assertThat(px[0]).isEqualTo(LaneColors.FALSE_NEGATIVE);
        assertThat(px[1]).isEqualTo(LaneColors.EMPTY);
    }

    @Test
    void falsePositivesWinOverFewerTruePositives() {
        Lane coarse = new Lane("t", "iommu", PageBits.of(0, 1, 2, 3), PageBits.of(0));
        int[] px = new int[1];
        LaneRaster.row(coarse, 0, 4, 1, px, 0);
        assertThat(px[0]).isEqualTo(LaneColors.FALSE_POSITIVE);
    }

    @Test
    void zoomedPastOnePagePerPixelRepeatsThePage() {
        int[] px = new int[40];
        LaneRaster.row(lane, 20, 24, 40, px, 0); // 10 pixels per page
        assertThat(px[0]).isEqualTo(LaneColors.FALSE_POSITIVE);
        assertThat(px[19]).isEqualTo(LaneColors.FALSE_POSITIVE);
        assertThat(px[20]).isEqualTo(LaneColors.EMPTY);
        assertThat(LaneRaster.frameAt(20, 24, 40, 15)).isEqualTo(21);
    }

    @Test
    void truthRowShowsEveryWrittenPage() {
        int[] px = new int[100];
        LaneRaster.truthRow(lane, 0, 100, 100, px, 0);
        assertThat(px[10]).isEqualTo(LaneColors.WRITTEN);
        assertThat(px[30]).isEqualTo(LaneColors.WRITTEN);
        assertThat(px[20]).isEqualTo(LaneColors.EMPTY);
    }
}

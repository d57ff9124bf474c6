package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.inspect.IovaMap;
import org.junit.jupiter.api.Test;

/** The map's pixel loops without a toolkit: colours by state and leaf size, and whole-pixel squares per cell. */
class IovaMapPixelsTest {
    @Test
    void eachCellBecomesASquareOfItsColour() {
        int[] cells = {1, 2, 3, 4, 5, 6};
        int[] out = new int[6 * 9];
        IovaMapView.expand(cells, 3, 2, 9, 6, out); // 3 columns, 2 rows, 3 px per cell: a 9 × 6 image
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                assertThat(out[y * 9 + x]).isEqualTo(cells[(y / 3) * 3 + x / 3]);
            }
        }
    }

    @Test
    void anUnevenSizeGivesCellsOfWholePixelsThatDifferByOneAtMost() {
        int[] cells = {1, 2, 3, 4};
        int[] out = new int[7 * 5];
        IovaMapView.expand(cells, 4, 1, 7, 5, out); // 4 cells across 7 px: widths 2, 2, 2, 1 or similar
        int[] widths = new int[4];
        for (int x = 0; x < 7; x++) {
            widths[out[x] - 1]++;
            assertThat(out[4 * 7 + x]).as("every line the same").isEqualTo(out[x]);
            if (x > 0) {
                assertThat(out[x]).as("cells in order, each one run").isGreaterThanOrEqualTo(out[x - 1]);
            }
        }
        assertThat(widths).containsOnly(1, 2).contains(2);
    }

    @Test
    void aCellThatDiffersFromThePinIsOutlinedAndKeepsItsColourInside() {
        int[] cells = {1, 2, 3, 4};
        int[] out = new int[8 * 8];
        IovaMapView.expand(cells, 2, 2, 8, 8, out); // 4 px per cell
        IovaMapView.outline(new boolean[] {false, true, false, false}, 2, 2, 8, 8, 9, out);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean inMarked = x >= 4 && y < 4;
                boolean edge = x == 4 || x == 7 || y == 0 || y == 3;
                int expected = inMarked && edge ? 9 : cells[(y / 4) * 2 + x / 4];
                assertThat(out[y * 8 + x]).as("(%d, %d)", x, y).isEqualTo(expected);
            }
        }
        int[] small = new int[4];
        IovaMapView.expand(cells, 2, 2, 2, 2, small); // 1 px per cell: a marked cell is all outline
        IovaMapView.outline(new boolean[] {true, false, false, false}, 2, 2, 2, 2, 9, small);
        assertThat(small).containsExactly(9, 2, 3, 4);
    }

    @Test
    void theMapFillsItsPaneButNeverDropsBelowOnePixelOrTheStageScalePerCell() {
        assertThat(IovaMapView.side(400, 300, 1)).isEqualTo(300);
        assertThat(IovaMapView.side(90, 300, 1)).isEqualTo(128);
        assertThat(IovaMapView.side(200, 200, 2)).isEqualTo(256);
        assertThat(IovaMapView.side(600, 700, 2)).isEqualTo(600);
    }

    @Test
    void stateWinsOverLeafSizeAndCleanLeavesAreColouredBySize() {
        assertThat(MapPalette.colour(IovaMap.DIRTY, 12)).isEqualTo(MapPalette.DIRTY);
        assertThat(MapPalette.colour(IovaMap.ACCESSED, 30)).isEqualTo(MapPalette.ACCESSED);
        assertThat(MapPalette.colour(IovaMap.MAPPED, 12)).isEqualTo(MapPalette.SMALL);
        assertThat(MapPalette.colour(IovaMap.MAPPED, 21)).isEqualTo(MapPalette.MEDIUM);
        assertThat(MapPalette.colour(IovaMap.MAPPED, 30)).isEqualTo(MapPalette.LARGE);
        assertThat(MapPalette.colour(IovaMap.UNMAPPED, 0)).isEqualTo(MapPalette.UNMAPPED);
        assertThat(MapPalette.legend()).containsValues(MapPalette.UNMAPPED, MapPalette.SMALL, MapPalette.MEDIUM,
            MapPalette.LARGE, MapPalette.ACCESSED, MapPalette.DIRTY);
    }
}

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
        IovaMapView.expand(cells, 3, 3, out); // 3 columns, 2 rows, 3 px per cell: a 9 × 6 image
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                assertThat(out[y * 9 + x]).isEqualTo(cells[(y / 3) * 3 + x / 3]);
            }
        }
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

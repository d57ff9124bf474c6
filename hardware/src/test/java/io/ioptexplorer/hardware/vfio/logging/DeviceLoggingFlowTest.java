package io.ioptexplorer.hardware.vfio.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.bitmap.IovaBitmap;
import io.ioptexplorer.hardware.vfio.logging.QemuDeviceRanges.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QEMU ranges -> START -> device writes -> REPORT per range -> union, the way a VMM would drive it. */
class DeviceLoggingFlowTest {

    private static final long K4 = 4096;
    private static final long G = 1L << 30;

    @Test
    void holesInQemuRangesAreLostCoverageForMlx5ButNotForSingleRegionPds() {
        List<Section> sections = List.of(new Section(0, 2 * G, false), new Section(4 * G, 2 * G, false));
        List<IovaRange> ranges = QemuDeviceRanges.compute(sections).ranges();
        assertThat(ranges).hasSize(2);

        Mlx5StyleTracker mlx = new Mlx5StyleTracker("mlx", new Mlx5StyleTracker.Caps(4, 12, 21, 12, 42), null);
        PdsStyleTracker pds = new PdsStyleTracker("pds", 1, null);
        DmaLogging dlMlx = new DmaLogging("mlx", mlx, null);
        DmaLogging dlPds = new DmaLogging("pds", pds, null);
        dlMlx.start(K4, ranges);
        dlPds.start(K4, ranges);

        for (DeviceDirtyTracker t : List.of(mlx, pds)) {
            t.onDmaWrite(0x1000, 64);          // low RAM
            t.onDmaWrite(3 * G, K4);           // the 32-bit PCI hole: not guest RAM
            t.onDmaWrite(5 * G + 0x2000, 8);   // high RAM
        }
        assertThat(mlx.untrackedWrites()).isEqualTo(1);
        assertThat(pds.untrackedWrites()).isZero(); // one region spans the hole

        DirtySet union = new DirtySet();
        for (IovaRange r : ranges) {
            IovaBitmap b = dlMlx.report(r.iova(), r.length(), K4);
            union.addBitmap(b);
        }
        assertThat(union.cardinality()).isEqualTo(2);
        assertThat(union.containsIova(0x1000)).isTrue();
        assertThat(union.containsIova(5 * G + 0x2000)).isTrue();
    }
}

package io.ioptexplorer.hardware.vfio.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.vfio.logging.QemuDeviceRanges.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuDeviceRangesTest {

    private static final long G = 1L << 30;

    @Test
    void typicalQ35GuestGivesThreeRanges() {
        List<Section> s = List.of(
                new Section(0, 0xa0000, false),                 // low RAM
                new Section(0x100000, 2 * G - 0x100000, false), // RAM below the 32-bit hole
                new Section(0xfe00_0000L, 0x100_0000, true),   // a vfio-pci BAR below 4 GiB: still 32-bit
                new Section(4 * G, 6 * G, false),              // RAM above 4 GiB
                new Section(0x380_0000_0000L, 0x1000_0000, true)); // BAR in the relocated pci-hole64
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(s);
        assertThat(r.ranges()).containsExactly(
                IovaRange.ofLast(0, 0xfeff_ffffL),
                IovaRange.ofLast(4 * G, 10 * G - 1),
                IovaRange.ofLast(0x380_0000_0000L, 0x380_0fff_ffffL));
    }

    @Test
    void onlyLowRamGivesOneRange() {
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(List.of(new Section(0, G, false)));
        assertThat(r.ranges()).containsExactly(new IovaRange(0, G));
        assertThat(r.max64()).isZero();
        assertThat(r.maxPci64()).isZero();
    }

    @Test
    void sectionEndingExactlyAt4GiBMinus1Is32Bit() {
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(List.of(new Section(3 * G, G, false)));
        assertThat(r.ranges()).containsExactly(new IovaRange(3 * G, G));
    }

    @Test
    void sectionCrossing4GiBIs64Bit() {
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(List.of(new Section(3 * G, 2 * G, false)));
        assertThat(r.ranges()).containsExactly(new IovaRange(3 * G, 2 * G));
        assertThat(r.max32()).isZero();
    }

    @Test
    void nonVfioSectionAbove4GiBIsNotThePciHole() {
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(List.of(new Section(0x380_0000_0000L, G, false)));
        assertThat(r.maxPci64()).isZero();
        assertThat(r.ranges()).containsExactly(new IovaRange(0x380_0000_0000L, G));
    }

    @Test
    void sectionsArePageAlignedInwardAndEmptyOnesSkipped() {
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(List.of(
                new Section(0x1800, 0x3000, false), // -> [0x2000, 0x3fff]
                new Section(0x10100, 0x200, false))); // empty after alignment
        assertThat(r.ranges()).containsExactly(IovaRange.ofLast(0x2000, 0x3fff));
    }

    @Test
    void ramAboveARelocatedHoleOverlapsItAndStartRefusesThat() {
        List<Section> s = List.of(new Section(4 * G, G, false), new Section(8 * G, G, true),
                new Section(16 * G, G, false));
        QemuDeviceRanges.Result r = QemuDeviceRanges.compute(s);
        assertThat(r.ranges()).hasSize(2);
        DmaLogging dl = new DmaLogging("d", new Mlx5StyleTracker("d",
                new Mlx5StyleTracker.Caps(4, 12, 21, 12, 42), null), null);
        ErrnoAssert.assertErrno(io.ioptexplorer.hardware.errno.Errno.EINVAL, () -> dl.start(4096, r.ranges()));
    }
}

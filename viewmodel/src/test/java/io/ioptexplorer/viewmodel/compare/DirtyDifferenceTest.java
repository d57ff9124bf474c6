package io.ioptexplorer.viewmodel.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.viewmodel.live.BitmapPicture;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pinned moment's Dirty bits against now's, and against a bitmap a later read returned. */
class DirtyDifferenceTest {
    @Test
    void changedHoldsThePagesWhoseDirtyBitFlippedInAnyHwpt() {
        DirtyDifference d = DirtyDifference.between(3,
                Map.of(1, PageBits.of(10, 11, 12), 2, PageBits.of(100)), 6,
                Map.of(1, PageBits.of(11, 12, 13), 5, PageBits.of(7)));
        assertThat(d.pinnedStep()).isEqualTo(3);
        assertThat(d.nowStep()).isEqualTo(6);
        // 10 cleaned, 13 dirtied in HWPT 1; 100 gone with HWPT 2; 7 dirty in HWPT 5, which was not there at the pin
        assertThat(d.changed().cardinality()).isEqualTo(4);
        for (long f : new long[] {10, 13, 100, 7}) {
            assertThat(d.changed().contains(f)).as("frame %d", f).isTrue();
        }
        assertThat(d.changed().contains(11)).isFalse();
        assertThat(d.dirtyAtPin(1, 10)).isTrue();
        assertThat(d.dirtyAtPin(1, 13)).isFalse();
    }

    @Test
    void aBitmapBitDiffersWhenItsValueIsNotWhatAnyPageUnderItHeldAtThePin() {
        // pinned: HWPT 1 had frame 0x200 + 3 dirty, i.e. inside the 2 MiB page at 0x200000
        DirtyDifference d = DirtyDifference.between(2, Map.of(1, PageBits.of(0x203)), 4, Map.of());
        BitSet set = new BitSet();
        set.set(1); // the read found the page at 0x400000 dirty
        BitmapPicture twoMiB = new BitmapPicture(set, 3, "", 0x200000, 0x200000, 1);
        assertThat(d.bitsDiffering(twoMiB, 0, 1)).as("0x200000: dirty at the pin, clean in the read").isEqualTo(1);
        assertThat(d.bitsDiffering(twoMiB, 1, 2)).as("0x400000: clean at the pin, dirty in the read").isEqualTo(1);
        assertThat(d.bitsDiffering(twoMiB, 2, 3)).as("0x600000: clean both times").isZero();
        assertThat(d.bitsDiffering(twoMiB, 0, 3)).isEqualTo(2);
        BitmapPicture deviceLog = new BitmapPicture(set, 3, "", 0x200000, 0x200000, BitmapPicture.NO_HWPT);
        assertThat(d.bitsDiffering(deviceLog, 0, 3)).as("no page table to compare with").isZero();
    }
}

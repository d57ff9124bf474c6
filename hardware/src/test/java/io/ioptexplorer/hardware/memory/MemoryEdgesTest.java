package io.ioptexplorer.hardware.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edges PIT found untested in guest memory and the table-page pool: each bound, one either side of it. */
class MemoryEdgesTest {
    private static final long K4 = 4096;
    private static final long G1 = 1L << 30;

    @Test
    void guestMemoryRefusesEverySizeAndBaseItCannotHold() {
        assertThatThrownBy(() -> new GuestMemory(0, K4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestMemory(K4 - 1, K4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestMemory(K4 + 1, K4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new GuestMemory(K4, K4).pages()).isEqualTo(1);
        assertThatThrownBy(() -> new GuestMemory(K4, K4 / 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestMemory(K4, 3 * K4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GuestMemory(K4, K4, G1 + K4)).isInstanceOf(IllegalArgumentException.class);
        GuestMemory m = new GuestMemory(2 * G1, 2L << 20, 3 * G1);
        assertThat(m.size()).isEqualTo(2 * G1);
        assertThat(m.backingPageSize()).isEqualTo(2L << 20);
        assertThat(m.hostBase()).isEqualTo(3 * G1);
        assertThat(m.hostPhysical(0x1234)).isEqualTo(3 * G1 + 0x1234);
        assertThatThrownBy(() -> m.hostPhysical(2 * G1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsIsExactlyTheGuestsRange() {
        GuestMemory m = new GuestMemory(16 * K4, K4);
        long size = 16 * K4;
        assertThat(m.contains(0, size)).isTrue();
        assertThat(m.contains(0, size + 1)).isFalse();
        assertThat(m.contains(size, 0)).isTrue();
        assertThat(m.contains(size, 1)).isFalse();
        assertThat(m.contains(size - 1, 1)).isTrue();
        assertThat(m.contains(K4, size - K4)).isTrue();
        assertThat(m.contains(K4, size - K4 + 1)).isFalse();
        assertThat(m.contains(-1, 1)).isFalse();
        assertThat(m.contains(0, -1)).isFalse();
        assertThat(m.contains(size + 1, 0)).isFalse();
    }

    @Test
    void writesBumpEveryPageTheyTouchAndOnlyInsideTheGuest() {
        // one page more than a version chunk (64 Ki pages), so the last page lives in a second chunk
        long pages = (1L << 16) + 1;
        GuestMemory m = new GuestMemory(pages * K4, K4);
        m.write((pages - 1) * K4 + 100, 1);
        m.write(K4 - 1, 2); // straddles pages 0 and 1
        m.write(5 * K4, 0); // nothing
        assertThat(m.version(pages - 1)).isEqualTo(1);
        assertThat(m.version(0)).isEqualTo(1);
        assertThat(m.version(1)).isEqualTo(1);
        assertThat(m.version(2)).isZero();
        assertThat(m.version(5)).isZero();
        assertThatThrownBy(() -> m.write(pages * K4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.write(pages * K4 + K4, 0)).isInstanceOf(IllegalArgumentException.class);
        PageBits soFar = m.truthSoFar();
        assertThat(soFar).isEqualTo(PageBits.of(0, 1, pages - 1));
        m.write(7 * K4, 1);
        assertThat(soFar.contains(7)).as("what truthSoFar hands out is frozen").isFalse();
        assertThat(m.truthSoFar().cardinality()).as("and it does not start a new interval").isEqualTo(4);
        assertThat(m.takeTruth().cardinality()).isEqualTo(4);
        assertThat(m.truthSoFar().isEmpty()).isTrue();
    }

    @Test
    void tablesOfEachSizeAreAlignedToTheirSize() {
        TablePagePool pool = new TablePagePool();
        long small = pool.alloc(512);
        long big = pool.alloc(2048); // 16 KiB: skips to the next 16 KiB boundary
        long huge = pool.alloc(8192); // 64 KiB
        assertThat(small % K4).isZero();
        assertThat(big % (4 * K4)).isZero();
        assertThat(big).isGreaterThan(small);
        assertThat(huge % (16 * K4)).isZero();
        assertThat(pool.entries(big)).isEqualTo(2048);
        assertThat(pool.isTable(big)).isTrue();
        assertThat(pool.isTable(big + K4)).as("the second frame of a 16 KiB table").isFalse();
        assertThat(pool.isTable(big + 8)).as("not frame-aligned").isFalse();
        assertThatThrownBy(() -> pool.alloc(256)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> pool.alloc(513)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> pool.alloc(1 << 15)).isInstanceOf(ErrnoException.class);
    }

    @Test
    void aPoolOfNFramesHoldsExactlyNFrames() {
        int first = TablePagePool.FIRST_FRAME;
        TablePagePool exact = new TablePagePool(first + 8);
        exact.alloc(512);
        exact.alloc(2048); // frames first+4 .. first+7: fits exactly
        assertThatThrownBy(() -> exact.alloc(512)).isInstanceOf(ErrnoException.class)
                .hasMessageContaining("no free frame");
        TablePagePool oneShort = new TablePagePool(first + 7);
        oneShort.alloc(512);
        assertThatThrownBy(() -> oneShort.alloc(2048)).isInstanceOf(ErrnoException.class);
    }

    @Test
    void thousandsOfTablesGrowThePoolAndEachReadsBackItsOwnEntries() {
        TablePagePool pool = new TablePagePool();
        List<Long> tables = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // past the first class table (FIRST_FRAME + 1024 frames) and many slabs
            long pa = pool.alloc(512);
            pool.memory(pa)[pool.offset(pa) + (i % 512)] = i + 1;
            tables.add(pa);
        }
        for (int i = 0; i < tables.size(); i++) {
            long pa = tables.get(i);
            assertThat(pool.isTable(pa)).isTrue();
            assertThat(pool.read(pa, i % 512)).isEqualTo(i + 1);
            assertThat(pool.read(pa, (i + 1) % 512)).isZero();
        }
        long beyond = tables.get(tables.size() - 1) + 64 * K4 * 1024;
        assertThat(pool.isTable(beyond)).as("beyond every table").isFalse();
        assertThatThrownBy(() -> pool.free(beyond)).isInstanceOf(ErrnoException.class);
        // freeing one table of a slab keeps its neighbours' entries and zeroes its own for the next user
        long a = tables.get(1000);
        long b = tables.get(1001);
        pool.free(a);
        assertThat(pool.isTable(a)).isFalse();
        assertThat(pool.read(b, 1001 % 512)).isEqualTo(1002);
        long again = pool.alloc(512);
        assertThat(again).as("the freed frame is reused").isEqualTo(a);
        assertThat(pool.read(again, 1000 % 512)).as("and comes back zeroed").isZero();
    }
}

package io.ioptexplorer.hardware.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import org.junit.jupiter.api.Test;

class TablePagePoolTest {

    @Test
    void allocatesAlignedZeroedTablesAndCountsThem() {
        TablePagePool pool = new TablePagePool();
        long a = pool.alloc(512);
        long b = pool.alloc(2048);
        long c = pool.alloc(8192);
        assertThat(a).isEqualTo((long) TablePagePool.FIRST_FRAME << 12);
        assertThat(b % 16384).isZero();
        assertThat(c % 65536).isZero();
        assertThat(pool.copyOf(b)).hasSize(2048).containsOnly(0L);
        assertThat(pool.entries(c)).isEqualTo(8192);
        assertThat(pool.allocatedPages()).isEqualTo(3);
        assertThat(pool.livePages()).isEqualTo(3);
        assertThat(pool.liveBytes()).isEqualTo(4096 + 16384 + 65536);
        pool.memory(a)[TablePagePool.offset(a) + 7] = 42;
        pool.free(a);
        assertThat(pool.isTable(a)).isFalse();
        assertThat(pool.freedPages()).isEqualTo(1);
        assertThat(pool.liveBytes()).isEqualTo(16384 + 65536);
        long again = pool.alloc(512);
        assertThat(again).isEqualTo(a); // frames are reused, deterministically
        assertThat(pool.read(again, 7)).isZero();
    }

    @Test
    void tablesOfOneMappingSitSideBySideInOneSlabAndNeverOverlap() {
        TablePagePool pool = new TablePagePool();
        long a = pool.alloc(512);
        long b = pool.alloc(512);
        long big = pool.alloc(2048);
        assertThat(b - a).isEqualTo(TablePagePool.FRAME_SIZE);
        assertThat(pool.memory(b)).isSameAs(pool.memory(a));
        assertThat(TablePagePool.offset(b)).isEqualTo(TablePagePool.offset(a) + 512);
        for (int i = 0; i < 512; i++) {
            pool.memory(a)[TablePagePool.offset(a) + i] = -1L; // fill a whole: the neighbours must not see it
        }
        assertThat(pool.copyOf(b)).containsOnly(0L);
        assertThat(pool.copyOf(big)).containsOnly(0L);
        assertThat(big % 16384).isZero();
        assertThat(TablePagePool.offset(big) + 2048).isLessThanOrEqualTo(pool.memory(big).length);
    }

    @Test
    void aSlabWithNoLiveTableIsReleasedAndComesBackZeroed() {
        TablePagePool pool = new TablePagePool();
        long[] pages = new long[TablePagePool.SLAB_FRAMES + 1];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = pool.alloc(512);
        }
        long inSecondSlab = pages[pages.length - 1];
        assertThat(pool.memory(inSecondSlab)).isNotSameAs(pool.memory(pages[0]));
        pool.memory(inSecondSlab)[TablePagePool.offset(inSecondSlab) + 3] = 7;
        pool.free(inSecondSlab);
        assertThat(pool.memory(inSecondSlab)).isNull();
        assertThat(pool.memory(pages[0])).isNotNull();
        long again = pool.alloc(512);
        assertThat(again).isEqualTo(inSecondSlab);
        assertThat(pool.copyOf(again)).containsOnly(0L);
        assertThat(pool.livePages()).isEqualTo(pages.length);
    }

    @Test
    void refusesBadAddressesAndRunsOutWithEnomem() {
        TablePagePool pool = new TablePagePool(TablePagePool.FIRST_FRAME + 2);
        long a = pool.alloc(512);
        assertThatThrownBy(() -> pool.free(a + 8)).isInstanceOfSatisfying(ErrnoException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        pool.alloc(512);
        assertThatThrownBy(() -> pool.alloc(512)).isInstanceOfSatisfying(ErrnoException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
        pool.free(a);
        assertThatThrownBy(() -> pool.free(a)).isInstanceOf(ErrnoException.class);
    }
}

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
        assertThat(pool.table(b)).hasSize(2048).containsOnly(0L);
        assertThat(pool.allocatedPages()).isEqualTo(3);
        assertThat(pool.livePages()).isEqualTo(3);
        assertThat(pool.liveBytes()).isEqualTo(4096 + 16384 + 65536);
        pool.table(a)[7] = 42;
        pool.free(a);
        assertThat(pool.isTable(a)).isFalse();
        assertThat(pool.freedPages()).isEqualTo(1);
        assertThat(pool.liveBytes()).isEqualTo(16384 + 65536);
        long again = pool.alloc(512);
        assertThat(again).isEqualTo(a); // frames are reused, deterministically
        assertThat(pool.table(again)[7]).isZero();
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

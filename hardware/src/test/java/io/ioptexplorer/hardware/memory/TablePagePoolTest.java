package io.ioptexplorer.hardware.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.sim.CopyContext;
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
        pool.memory(a)[pool.offset(a) + 7] = 42;
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
        assertThat(pool.offset(b)).isEqualTo(pool.offset(a) + 512);
        for (int i = 0; i < 512; i++) {
            pool.memory(a)[pool.offset(a) + i] = -1L; // fill a whole: the neighbours must not see it
        }
        assertThat(pool.copyOf(b)).containsOnly(0L);
        assertThat(pool.copyOf(big)).containsOnly(0L);
        assertThat(big % 16384).isZero();
        assertThat(pool.offset(big) + 2048).isLessThanOrEqualTo(pool.memory(big).length);
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
        pool.memory(inSecondSlab)[pool.offset(inSecondSlab) + 3] = 7;
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

    @Test
    void aPoolWithFlatTablesKeepsThemInOneArrayIndexedByAddressAsFarAsItsCap() {
        long cap = (TablePagePool.FIRST_FRAME + 2L * TablePagePool.SLAB_FRAMES) * TablePagePool.FRAME_SIZE;
        TablePagePool pool = TablePagePool.withFlatTables(cap); // two slabs of frames after the first 1 MiB
        assertThat(pool.flatBytes()).isZero();
        assertThat(pool.canGrowFlat()).isTrue();
        pool.reserve(3, 512);
        long[] t = new long[3 * TablePagePool.SLAB_FRAMES];
        for (int i = 0; i < t.length; i++) {
            t[i] = pool.alloc(512); // past what was reserved: the first ones in the flat array, the rest in slabs
        }
        long[] flat = pool.memory(t[0]);
        assertThat(pool.flatBytes()).isEqualTo(8L * flat.length).isLessThan(cap);
        assertThat(pool.offset(t[2])).isEqualTo((int) (t[2] >>> 3)); // entry 0 of a table is at its address / 8
        int inFlat = (int) (pool.flatBytes() / TablePagePool.FRAME_SIZE) - TablePagePool.FIRST_FRAME;
        assertThat(pool.memory(t[inFlat - 1])).isSameAs(flat);
        assertThat(pool.memory(t[inFlat])).isNotSameAs(flat).hasSize(TablePagePool.SLAB_FRAMES * 512);
        for (int i = 0; i < t.length; i++) {
            pool.writableMemory(t[i])[pool.offset(t[i]) + 9] = i + 1;
        }
        pool.free(t[1]);
        pool.reserve(t.length, 512); // grows to its cap: the tables in slabs below it move in, their entries kept
        assertThat(pool.flatBytes()).isEqualTo(cap);
        assertThat(pool.canGrowFlat()).as("at its cap").isFalse();
        long[] grown = pool.memory(t[0]);
        assertThat(grown).isNotSameAs(flat);
        int last = 2 * TablePagePool.SLAB_FRAMES - 1;
        assertThat(pool.memory(t[last])).isSameAs(grown);
        assertThat(pool.memory(t[last + 1])).as("past the cap: a slab").isNotSameAs(grown);
        for (int i = 0; i < t.length; i++) {
            if (i != 1) {
                assertThat(pool.read(t[i], 9)).isEqualTo(i + 1);
                assertThat(pool.entryAt(t[i] + 9 * 8)).as("the walk's read").isEqualTo(i + 1);
            }
        }
        long again = pool.alloc(512);
        assertThat(again).as("a freed frame in the flat array is reused, zeroed").isEqualTo(t[1]);
        assertThat(pool.copyOf(again)).containsOnly(0L);
        assertThat(new TablePagePool().flatBytes()).isZero();
        TablePagePool plain = new TablePagePool();
        assertThat(plain.canGrowFlat()).isFalse();
        plain.reserve(100, 512);
        assertThat(plain.flatBytes()).as("a pool without flat tables ignores reserve").isZero();
    }

    @Test
    void copyingAPoolWithFlatTablesMovesThemIntoSlabsThatBothShareCopyOnWrite() {
        TablePagePool pool = TablePagePool.withFlatTables();
        pool.reserve(2, 2048);
        long a = pool.alloc(512);
        long b = pool.alloc(2048);
        assertThat(pool.memory(a)).isSameAs(pool.memory(b));
        pool.writableMemory(a)[pool.offset(a) + 1] = 11;
        pool.writableMemory(b)[pool.offset(b) + 2047] = 12;
        TablePagePool copy = pool.copy(new CopyContext());
        assertThat(pool.flatBytes()).isZero();
        assertThat(copy.flatBytes()).isZero();
        assertThat(pool.canGrowFlat()).isFalse();
        assertThat(copy.canGrowFlat()).isFalse();
        assertThat(pool.memory(a)).hasSize(TablePagePool.SLAB_FRAMES * 512);
        assertThat(copy.read(a, 1)).isEqualTo(11);
        assertThat(copy.read(b, 2047)).isEqualTo(12);
        assertThat(copy.entryAt(b + 2047 * 8)).isEqualTo(12);
        pool.writableMemory(a)[pool.offset(a) + 1] = 22;
        assertThat(pool.read(a, 1)).isEqualTo(22);
        assertThat(copy.read(a, 1)).as("the copy keeps what it was made with").isEqualTo(11);
        pool.reserve(10, 512);
        assertThat(pool.flatBytes()).as("once copied, slabs alone").isZero();
        long c = pool.alloc(512);
        assertThat(pool.memory(c)).isSameAs(pool.memory(a));
        assertThat(pool.copiedOnWriteBytes()).isEqualTo(8L * TablePagePool.SLAB_FRAMES * 512);
    }
}

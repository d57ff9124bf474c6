package io.ioptexplorer.hardware.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.sim.CopyContext;
import org.junit.jupiter.api.Test;

/**
 * A copy of guest memory shares its version chunks copy-on-write: what either writes afterwards, the other does not
 * see, page versions and ground truth alike; and a copy costs no chunk until one is written.
 */
class GuestMemoryCopyTest {
    private static final long P = GuestMemory.PAGE_SIZE;

    @Test
    void aCopyAndTheOriginalDivergeIndependently() {
        GuestMemory m = new GuestMemory(64L << 30, P);
        long far = m.pages() - 1;
        m.write(0, 3 * P);
        m.write(far * P, 1);
        CopyContext ctx = new CopyContext();
        GuestMemory copy = m.copy(ctx);
        assertThat(ctx.copiedBytes()).as("no version chunk copied up front").isLessThan(1 << 20);
        // ...but both chunks written (the first and the last) are counted as shared: the copy holds them alone once
        // the original writes them again, and the checkpoints' budget charges them up front
        assertThat(ctx.sharedBytes()).isGreaterThanOrEqualTo(2L * 4 * GuestMemory.chunkPages());
        assertThat(copy.version(0)).isEqualTo(1);
        assertThat(copy.truthSoFar().cardinality()).isEqualTo(4);

        m.write(0, P);
        m.write(far * P, 1);
        m.write(10 * P, P);
        assertThat(m.version(0)).isEqualTo(2);
        assertThat(copy.version(0)).isEqualTo(1);
        assertThat(copy.version(far)).isEqualTo(1);
        assertThat(copy.version(10)).isZero();
        assertThat(copy.truthSoFar().cardinality()).isEqualTo(4);
        assertThat(m.copiedOnWriteBytes()).as("the two written chunks, copied once each").isPositive();

        copy.write(P, P);
        copy.takeTruth();
        assertThat(m.version(1)).isEqualTo(1);
        assertThat(copy.version(1)).isEqualTo(2);
        assertThat(m.truthSoFar().cardinality()).isEqualTo(5);
        assertThat(copy.truthSoFar().cardinality()).isZero();
    }

    @Test
    void aCopyOfAFrozenCopyStaysApartFromIt() {
        GuestMemory m = new GuestMemory(1L << 30, P);
        m.write(0, P);
        GuestMemory frozen = m.copy(new CopyContext());
        GuestMemory first = frozen.copy(new CopyContext());
        GuestMemory second = frozen.copy(new CopyContext());
        first.write(0, P);
        m.write(0, P);
        m.write(0, P);
        assertThat(frozen.version(0)).isEqualTo(1);
        assertThat(second.version(0)).isEqualTo(1);
        assertThat(first.version(0)).isEqualTo(2);
        assertThat(m.version(0)).isEqualTo(3);
    }
}

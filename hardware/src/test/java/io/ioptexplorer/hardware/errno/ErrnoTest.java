package io.ioptexplorer.hardware.errno;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void numbersAreLinuxX86Values() {
        // include/uapi/asm-generic/errno-base.h and errno.h
        assertThat(Errno.ENOENT.number()).isEqualTo(2);
        assertThat(Errno.E2BIG.number()).isEqualTo(7);
        assertThat(Errno.EINVAL.number()).isEqualTo(22);
        assertThat(Errno.ENOTTY.number()).isEqualTo(25);
        assertThat(Errno.EOVERFLOW.number()).isEqualTo(75);
        assertThat(Errno.EOPNOTSUPP.number()).isEqualTo(95);
    }

    @Test
    void exceptionCarriesNameAndReason() {
        ErrnoException e = new ErrnoException(Errno.EINVAL, "iova 0x1001 is not aligned to 4 KiB");
        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
        assertThat(e.getMessage()).isEqualTo("EINVAL: iova 0x1001 is not aligned to 4 KiB");
        assertThat(e.why()).isEqualTo("iova 0x1001 is not aligned to 4 KiB");
    }

    @Test
    void byNameKnowsEveryConstantAndNothingElse() {
        for (Errno e : Errno.values()) {
            assertThat(Errno.byName(e.name())).isSameAs(e);
        }
        assertThat(Errno.byName("EWHATEVER")).isNull();
    }
}

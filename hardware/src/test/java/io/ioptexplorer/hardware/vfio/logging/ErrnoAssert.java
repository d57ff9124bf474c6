package io.ioptexplorer.hardware.vfio.logging;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

final class ErrnoAssert {
    private ErrnoAssert() {
    }

    static void assertErrno(Errno errno, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ErrnoException.class)
                .extracting(e -> ((ErrnoException) e).errno()).isEqualTo(errno);
    }
}

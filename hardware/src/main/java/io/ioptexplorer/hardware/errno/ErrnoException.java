package io.ioptexplorer.hardware.errno;

/**
 * A simulated interface refused a request, the way the kernel returns {@code -errno}: the errno name plus a
 * sentence saying why, so the app and the command line can show both.
 */
public final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public ErrnoException(Errno errno, String why) {
        super(errno.name() + ": " + why);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    /** The explanation without the errno prefix. */
    public String why() {
        String m = getMessage();
        return m.substring(errno.name().length() + 2);
    }
}

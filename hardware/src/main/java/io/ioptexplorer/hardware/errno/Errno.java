package io.ioptexplorer.hardware.errno;

/**
 * The Linux errno names the simulated interfaces fail with, so that kernel people recognise them.
 * Numeric values are those of Linux on x86-64 ({@code include/uapi/asm-generic/errno-base.h} and {@code errno.h}).
 */
public enum Errno {
    ENOENT(2, "No such file or directory"),
    E2BIG(7, "Argument list too long"),
    ENOMEM(12, "Cannot allocate memory"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    ENODEV(19, "No such device"),
    EEXIST(17, "File exists"),
    EINVAL(22, "Invalid argument"),
    ENOSPC(28, "No space left on device"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    ENOMSG(42, "No message of desired type"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EOPNOTSUPP(95, "Operation not supported"),
    EADDRINUSE(98, "Address already in use");

    private final int number;
    private final String strerror;

    Errno(int number, String strerror) {
        this.number = number;
        this.strerror = strerror;
    }

    /** The positive errno value; the kernel returns its negative. */
    public int number() {
        return number;
    }

    /** What {@code strerror(3)} prints for it. */
    public String strerror() {
        return strerror;
    }

    /** Parses an errno name such as {@code "EINVAL"}; returns null for an unknown name. */
    public static Errno byName(String name) {
        for (Errno e : values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}

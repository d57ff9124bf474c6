package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.pagetable.Prot;

/** Readable sizes, permissions and addresses for rows and walk lines. */
public final class Sizes {
    private Sizes() {
    }

    /** 4096 as "4 KiB", 2^21 as "2 MiB"; a size that is not a whole unit stays in the smaller one. */
    public static String of(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (bytes >= 1024 && (bytes & 1023) == 0 && u < units.length - 1) {
            bytes >>>= 10;
            u++;
        }
        return bytes + " " + units[u];
    }

    /** "RW", "R-", "-W" or "--". */
    public static String prot(int prot) {
        return ((prot & Prot.READ) != 0 ? "R" : "-") + ((prot & Prot.WRITE) != 0 ? "W" : "-");
    }

}

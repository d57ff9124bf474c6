package io.ioptexplorer.hardware.vmm;

import java.util.List;

/**
 * Page-by-page comparison of source and destination guest memory after migration.
 *
 * @param pagesCompared  every 4 KiB guest page
 * @param mismatches     pages whose destination version differs from the source's: lost pages
 * @param lostIovas      the first 100 lost pages by IOVA (= GPA)
 */
public record Verification(long pagesCompared, long mismatches, List<Long> lostIovas) {
    public static final int MAX_NAMED = 100;

    public Verification {
        lostIovas = List.copyOf(lostIovas);
    }

    public boolean clean() {
        return mismatches == 0;
    }
}

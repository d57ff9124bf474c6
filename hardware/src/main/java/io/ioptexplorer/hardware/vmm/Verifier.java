package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.memory.GuestMemory;
import java.util.ArrayList;
import java.util.List;

/** Compares every guest page version of a source and a destination. */
public final class Verifier {
    private Verifier() {
    }

    public static Verification compare(GuestMemory source, GuestMemory destination) {
        if (source.size() != destination.size()) {
            throw new IllegalArgumentException("source and destination differ in size");
        }
        long pages = source.pages();
        long mismatches = 0;
        List<Long> lost = new ArrayList<>();
        for (long pfn = 0; pfn < pages; pfn++) {
            if (source.version(pfn) != destination.version(pfn)) {
                mismatches++;
                if (lost.size() < Verification.MAX_NAMED) {
                    lost.add(pfn << GuestMemory.PAGE_SHIFT);
                }
            }
        }
        return new Verification(pages, mismatches, lost);
    }
}

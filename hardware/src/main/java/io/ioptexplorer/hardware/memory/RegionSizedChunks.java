package io.ioptexplorer.hardware.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How many {@code int}s or {@code long}s a long-lived chunk holds so that it fills exactly one region of the G1 collector: G1 allocates
 * an array of half a region or more (a "humongous" object) straight into the old generation, so such a chunk is never
 * copied by a young collection. Guest memory's page versions are allocated while a migration plays (a page's chunk on
 * its first write, the destination's as pages arrive) and live as long as the machine: as ordinary arrays of 256 KiB
 * young pauses copied them (on the 64 GiB sample the old generation grows by about 120 MiB over its run, much of it
 * versions; issue 11's frame time). Measured there, some young pauses fell from 31-48 ms to 12-14 ms; the worst did
 * not. The timeline's per-event columns (12 bytes an event, the largest thing a run grows) are chunked the same way.
 * Sized to a whole region, less the array's 16-byte header, no region space is wasted (the header is 16 bytes
 * with compressed class pointers, the default below 32 GiB of heap; without them a chunk spills into a second region).
 *
 * <p>The region size is the running JVM's (1 MiB with a 1 GiB heap, 4 MiB with 8 GiB). Under another collector, or
 * where the size cannot be read, chunks are 256 KiB (64 Ki ints, 32 Ki longs).
 */
public final class RegionSizedChunks {
    private static final int FALLBACK = 1 << 16;
    private static final int ARRAY_HEADER_BYTES = 16;

    private RegionSizedChunks() {
    }

    /** Ints per chunk: one G1 region's worth, or {@value #FALLBACK}. */
    public static int ints() {
        return elements(Integer.BYTES);
    }

    /** Longs per chunk: one G1 region's worth, or half of {@value #FALLBACK}. */
    public static int longs() {
        return elements(Long.BYTES);
    }

    private static int elements(int bytes) {
        long region = g1RegionBytes();
        return region <= 0 ? FALLBACK * Integer.BYTES / bytes : (int) ((region - ARRAY_HEADER_BYTES) / bytes);
    }

    private static long g1RegionBytes() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hs == null || !Boolean.parseBoolean(hs.getVMOption("UseG1GC").getValue())) {
                return -1;
            }
            long bytes = Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue());
            // Regions are a power of two between 1 and 32 MiB (or 512 MiB in later JDKs): anything else is not G1's
            return Long.bitCount(bytes) == 1 && bytes >= (1 << 20) && bytes <= (1L << 29) ? bytes : -1;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}

package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.memory.RegionSizedChunks;
import java.util.Arrays;

/**
 * A growable column of ints, one per event, in chunks of one G1 region (see {@link LongColumn#PER_EVENT_CHUNK}).
 * One thread appends; its owner publishes how many values are there (the timeline's volatile size, written after
 * every column of an event), so the column keeps no size of its own and costs no second volatile write per event.
 */
final class IntColumn {
    static final int PER_CHUNK = RegionSizedChunks.ints();

    private int[][] chunks = new int[4][];
    private int lastChunk = -1;
    private int lastUsed = PER_CHUNK; // the first add allocates the first chunk

    void add(int v) {
        if (lastUsed == PER_CHUNK) {
            int c = lastChunk + 1;
            if (c == chunks.length) {
                chunks = Arrays.copyOf(chunks, c * 2);
            }
            chunks[c] = new int[PER_CHUNK];
            lastChunk = c;
            lastUsed = 0;
        }
        chunks[lastChunk][lastUsed++] = v;
    }

    /** The value at {@code i}, which the caller knows was published. */
    int get(long i) {
        return chunks[(int) (i / PER_CHUNK)][(int) (i % PER_CHUNK)];
    }

    long bytes() {
        long n = 16L + 8L * chunks.length;
        for (int[] c : chunks) {
            n += c == null ? 0 : 16L + 4L * c.length;
        }
        return n;
    }
}

package io.ioptexplorer.hardware.bitmap;

import io.ioptexplorer.hardware.sim.CopyContext;

/**
 * A growing set of 4 KiB frames (guest memory's ground truth of the pages written since a round began) that can be
 * frozen into a {@link PageBits} as often as once a frame while a migration round plays. Freezing shares every chunk
 * with the frozen copy instead of copying it; the next write to a shared chunk copies that chunk alone first. So a
 * freeze costs the chunks written since the previous one, not the whole guest (on the 64 GiB sample the whole guest
 * is 2 MiB of bits, which G1 allocates as a humongous object).
 *
 * <p>Same chunk layout as {@link DirtySet} and {@link PageBits}: {@value DirtySet#CHUNK_WORDS} words (64 Ki frames) per
 * chunk, a chunk only where a frame was added. Not thread-safe: the machine's thread adds and freezes.
 */
public final class WrittenFrames {
    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    private final long[][] chunks;
    /** Chunks handed to a frozen {@link PageBits}: copied before they are written again. */
    private final boolean[] shared;
    private long cardinality;

    private WrittenFrames(WrittenFrames o, CopyContext ctx) {
        this.chunks = o.chunks.clone();
        this.shared = new boolean[chunks.length];
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != null) {
                shared[c] = true;
                o.shared[c] = true;
            }
        }
        ctx.count(32 + 9L * chunks.length);
        for (long[] chunk : chunks) {
            ctx.share(chunk == null ? 0 : 8L * chunk.length);
        }
        this.cardinality = o.cardinality;
    }

    /** The same frames, every chunk shared with this set copy-on-write (as {@link #freeze} shares them). */
    public WrittenFrames copy(CopyContext ctx) {
        return ctx.copy(this, c -> new WrittenFrames(this, c));
    }

    /** A set able to hold frames {@code 0 .. frames - 1}. */
    public WrittenFrames(long frames) {
        int n = (int) ((frames + CHUNK_MASK) >>> CHUNK_SHIFT);
        chunks = new long[n][];
        shared = new boolean[n];
    }

    /** Adds {@code frame}; returns whether it was new. */
    public boolean add(long frame) {
        int c = (int) (frame >>> CHUNK_SHIFT);
        int bit = (int) frame & CHUNK_MASK;
        long mask = 1L << bit;
        long[] w = chunks[c];
        if (w == null) {
            w = new long[DirtySet.CHUNK_WORDS];
            chunks[c] = w;
        } else if ((w[bit >>> 6] & mask) != 0) {
            return false;
        } else if (shared[c]) {
            w = w.clone();
            chunks[c] = w;
            shared[c] = false;
        }
        w[bit >>> 6] |= mask;
        cardinality++;
        return true;
    }

    public long cardinality() {
        return cardinality;
    }

    /** The frames so far, immutable; later adds do not show in it. */
    public PageBits freeze() {
        int n = 0;
        for (long[] c : chunks) {
            n += c != null ? 1 : 0;
        }
        long[] keys = new long[n];
        long[][] words = new long[n][];
        int i = 0;
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != null) {
                keys[i] = c;
                words[i++] = chunks[c];
                shared[c] = true;
            }
        }
        return PageBits.sharing(DirtySet.PAGE_SHIFT_4K, keys, words, cardinality);
    }
}

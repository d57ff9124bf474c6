package io.ioptexplorer.hardware.bitmap;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * An immutable set of page frames, frozen from a {@link DirtySet} (same chunked layout: {@value DirtySet#CHUNK_WORDS}
 * words per chunk, only where frames are present). It answers the range counts a lane of pages needs
 * (how many frames of this set, and of this set and not another, lie in {@code [from, to)}) word by word, so that
 * one pixel standing for thousands of pages costs a few {@code bitCount}s, not one test per page.
 */
public final class PageBits {
    private static final int CHUNK_SHIFT = 16;
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;
    private static final long[] ZERO = new long[DirtySet.CHUNK_WORDS];

    /** The empty set of 4 KiB frames. */
    public static final PageBits EMPTY = new PageBits(DirtySet.PAGE_SHIFT_4K, new long[0], new long[0][], 0);

    private final int frameShift;
    private final long[] keys;
    private final long[][] words;
    private final long cardinality;

    private PageBits(int frameShift, long[] keys, long[][] words, long cardinality) {
        this.frameShift = frameShift;
        this.keys = keys;
        this.words = words;
        this.cardinality = cardinality;
    }

    static PageBits copyOf(int frameShift, TreeMap<Long, long[]> chunks, long cardinality) {
        long[] keys = new long[chunks.size()];
        long[][] words = new long[chunks.size()][];
        int i = 0;
        for (Map.Entry<Long, long[]> e : chunks.entrySet()) {
            keys[i] = e.getKey();
            words[i++] = e.getValue().clone();
        }
        return new PageBits(frameShift, keys, words, cardinality);
    }

    /** Chunk arrays that the caller never writes again (see {@link WrittenFrames#freeze}). */
    static PageBits sharing(int frameShift, long[] keys, long[][] words, long cardinality) {
        return new PageBits(frameShift, keys, words, cardinality);
    }

    /** Frames given in any order (tests, small sets). */
    public static PageBits of(long... frames) {
        DirtySet s = new DirtySet();
        for (long f : frames) {
            s.add(f);
        }
        return s.freeze();
    }

    public int frameShift() {
        return frameShift;
    }

    public long cardinality() {
        return cardinality;
    }

    public boolean isEmpty() {
        return cardinality == 0;
    }

    public boolean contains(long frame) {
        long[] c = chunk(frame >>> CHUNK_SHIFT);
        int bit = (int) (frame & CHUNK_MASK);
        return (c[bit >>> 6] & (1L << bit)) != 0;
    }

    /** Every frame in ascending order. */
    public void forEachFrame(LongConsumer action) {
        for (int i = 0; i < keys.length; i++) {
            long base = keys[i] << CHUNK_SHIFT;
            long[] w = words[i];
            for (int j = 0; j < w.length; j++) {
                long bits = w[j];
                while (bits != 0) {
                    action.accept(base + ((long) j << 6) + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
        }
    }

    /** Frames of this set in {@code [from, to)}. */
    public long countIn(long from, long to) {
        return countAndNotIn(EMPTY, from, to);
    }

    /** Frames of this set and of {@code other} in {@code [from, to)}. */
    public long countAndIn(PageBits other, long from, long to) {
        return count(other, from, to, true);
    }

    /** Frames of this set that {@code other} lacks, in {@code [from, to)}. */
    public long countAndNotIn(PageBits other, long from, long to) {
        return count(other, from, to, false);
    }

    /** Frames of this set that {@code other} lacks. */
    public long countAndNot(PageBits other) {
        return countAndNotIn(other, 0, Long.MAX_VALUE);
    }

    private long count(PageBits other, long from, long to, boolean and) {
        checkShift(other);
        if (from >= to || from < 0) {
            return 0;
        }
        long n = 0;
        int i = firstChunkAtOrAfter(from >>> CHUNK_SHIFT);
        for (; i < keys.length; i++) {
            long chunkBase = keys[i] << CHUNK_SHIFT;
            if (chunkBase >= to) {
                break;
            }
            long[] a = words[i];
            long[] b = other.chunk(keys[i]);
            long lo = Math.max(from, chunkBase) - chunkBase;
            long hi = Math.min(to - chunkBase, 1L << CHUNK_SHIFT);
            int w0 = (int) (lo >>> 6);
            int w1 = (int) ((hi - 1) >>> 6);
            for (int w = w0; w <= w1; w++) {
                long bits = and ? a[w] & b[w] : a[w] & ~b[w];
                if (w == w0) {
                    bits &= -1L << (lo & 63);
                }
                if (w == w1 && (hi & 63) != 0) {
                    bits &= (1L << (hi & 63)) - 1;
                }
                n += Long.bitCount(bits);
            }
        }
        return n;
    }

    private void checkShift(PageBits other) {
        if (other.frameShift != frameShift && other != EMPTY) {
            throw new IllegalArgumentException("frame shift " + other.frameShift + " != " + frameShift);
        }
    }

    private long[] chunk(long key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? words[i] : ZERO;
    }

    private int firstChunkAtOrAfter(long key) {
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * Same frame size and the same frames: a value, so that an event carrying it compares equal across replays of the
     * same run (chunk layout may differ, so frames are compared, not arrays).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PageBits p) || p.frameShift != frameShift || p.cardinality != cardinality) {
            return false;
        }
        boolean[] same = {true};
        forEachFrame(f -> same[0] &= p.contains(f));
        return same[0];
    }

    @Override
    public int hashCode() {
        return 31 * frameShift + Long.hashCode(cardinality);
    }

    @Override
    public String toString() {
        return "PageBits[" + cardinality + " frames]";
    }
}

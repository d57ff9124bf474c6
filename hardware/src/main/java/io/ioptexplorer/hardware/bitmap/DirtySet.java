package io.ioptexplorer.hardware.bitmap;

import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A compact set of page frame numbers (by default 4 KiB frames: frame = IOVA &gt;&gt;&gt; 12), used by the VMM to
 * union the dirty sets of its trackers (KVM, IOMMU, device logs) the way QEMU ORs every tracker into one migration
 * bitmap.
 *
 * <p>Storage is a bitmap of {@code long} words allocated in chunks of {@value #CHUNK_WORDS} words (64 Ki frames =
 * 256 MiB of IOVA at 4 KiB, 8 KiB of memory per chunk) and only where frames are present. A dense 64 GiB guest
 * (16 Mi frames) costs 256 chunks = 2 MiB of bits; a sparse high address (a 64-bit PCI hole at 32 TiB) costs one
 * chunk, not a bitmap from 0.
 *
 * <p>Not thread-safe, like the rest of the simulated machine.
 */
public final class DirtySet implements Iterable<Long> {

    /** Words per chunk. */
    public static final int CHUNK_WORDS = 1024;
    private static final int CHUNK_SHIFT = 16; // 1024 words * 64 bits = 2^16 frames per chunk
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

    /** Default frame shift: 4 KiB pages. */
    public static final int PAGE_SHIFT_4K = 12;

    private final int frameShift;
    private final TreeMap<Long, long[]> chunks = new TreeMap<>();
    /**
     * The chunk added to last and its key: a workload's writes and a tracker's ranges mostly land in the chunk of the
     * previous one, and the map's lookup boxed its key for every page (issue 11: a playing 64 GiB migration allocated
     * 12 MB a second of {@code Long} here). Forgotten whenever a chunk leaves the map.
     */
    private long lastKey = -1;
    private long[] lastChunk;
    private long cardinality;

    /** A set of 4 KiB frames. */
    public DirtySet() {
        this(PAGE_SHIFT_4K);
    }

    /** A set of frames of {@code 1 << frameShift} bytes (used by device models that log at another granularity). */
    public DirtySet(int frameShift) {
        if (frameShift < 0 || frameShift > 62) {
            throw new IllegalArgumentException("frameShift " + frameShift);
        }
        this.frameShift = frameShift;
    }

    /** An independent set with the same frames (the chunks are copied: a set is small next to guest memory). */
    public DirtySet copy(CopyContext ctx) {
        return ctx.copy(this, c -> {
            DirtySet d = new DirtySet(frameShift);
            for (var e : chunks.entrySet()) {
                d.chunks.put(e.getKey(), c.copy(e.getValue()));
            }
            c.count(64L * chunks.size());
            d.cardinality = cardinality;
            return d;
        });
    }

    public int frameShift() {
        return frameShift;
    }

    public long frameSize() {
        return 1L << frameShift;
    }

    /** Adds one frame; returns true if it was new. Frames are unsigned. */
    public boolean add(long frame) {
        long[] c = chunkForAdd(frame >>> CHUNK_SHIFT);
        int bit = (int) (frame & CHUNK_MASK);
        long mask = 1L << (bit & 63);
        int w = bit >>> 6;
        if ((c[w] & mask) != 0) {
            return false;
        }
        c[w] |= mask;
        cardinality++;
        return true;
    }

    /** Adds {@code count} consecutive frames starting at {@code firstFrame}; returns how many were new. */
    public long addRange(long firstFrame, long count) {
        long added = 0;
        long f = firstFrame;
        long left = count;
        while (left > 0) {
            long chunkKey = f >>> CHUNK_SHIFT;
            int bit = (int) (f & CHUNK_MASK);
            int n = (int) Math.min(left, (1L << CHUNK_SHIFT) - bit);
            long[] c = chunkForAdd(chunkKey);
            added += setRange(c, bit, n);
            f += n;
            left -= n;
        }
        cardinality += added;
        return added;
    }

    private long[] chunkForAdd(long key) {
        if (key == lastKey && lastChunk != null) {
            return lastChunk;
        }
        long[] c = chunks.computeIfAbsent(key, k -> new long[CHUNK_WORDS]);
        lastKey = key;
        lastChunk = c;
        return c;
    }

    private static long setRange(long[] c, int from, int n) {
        long added = 0;
        int i = from;
        int end = from + n;
        while (i < end) {
            int w = i >>> 6;
            int b = i & 63;
            int take = Math.min(64 - b, end - i);
            long mask = take == 64 ? -1L : ((1L << take) - 1) << b;
            added += Long.bitCount(mask & ~c[w]);
            c[w] |= mask;
            i += take;
        }
        return added;
    }

    /** Adds every frame the byte range {@code [iova, iova + len)} touches. */
    public long addIovaRange(long iova, long len) {
        if (len == 0) {
            return 0;
        }
        long last = IovaMath.addOverflows(iova, len - 1) ? -1L : iova + len - 1;
        long first = iova >>> frameShift;
        long lastFrame = last >>> frameShift;
        return addRange(first, lastFrame - first + 1);
    }

    /** Adds the pages every set bit of {@code bitmap} stands for; returns how many frames were new. */
    public long addBitmap(IovaBitmap bitmap) {
        long added = 0;
        for (long i = bitmap.nextSetBit(0); i >= 0; i = bitmap.nextSetBit(i + 1)) {
            long pageIova = bitmap.iova() + (i << bitmap.pageShift());
            long pageLen = 1L << bitmap.pageShift();
            long last = IovaMath.minu(pageIova + pageLen - 1, bitmap.lastIova());
            added += addIovaRange(pageIova, last - pageIova + 1);
        }
        return added;
    }

    public boolean contains(long frame) {
        long[] c = chunks.get(frame >>> CHUNK_SHIFT);
        if (c == null) {
            return false;
        }
        int bit = (int) (frame & CHUNK_MASK);
        return (c[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    /** Whether the frame containing byte address {@code iova} is present. */
    public boolean containsIova(long iova) {
        return contains(iova >>> frameShift);
    }

    /** Removes one frame; returns true if it was present. */
    public boolean remove(long frame) {
        long key = frame >>> CHUNK_SHIFT;
        long[] c = chunks.get(key);
        if (c == null) {
            return false;
        }
        int bit = (int) (frame & CHUNK_MASK);
        long mask = 1L << (bit & 63);
        int w = bit >>> 6;
        if ((c[w] & mask) == 0) {
            return false;
        }
        c[w] &= ~mask;
        cardinality--;
        if (isZero(c)) {
            chunks.remove(key);
            lastChunk = null;
        }
        return true;
    }

    private static boolean isZero(long[] c) {
        for (long w : c) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** Adds every frame of {@code other}; both sets must use the same frame size. Returns how many were new. */
    public long union(DirtySet other) {
        if (other.frameShift != frameShift) {
            throw new IllegalArgumentException("frame shift " + other.frameShift + " != " + frameShift);
        }
        long added = 0;
        for (Map.Entry<Long, long[]> e : other.chunks.entrySet()) {
            long[] mine = chunks.get(e.getKey());
            if (mine == null) {
                long[] copy = e.getValue().clone();
                chunks.put(e.getKey(), copy);
                for (long w : copy) {
                    added += Long.bitCount(w);
                }
                continue;
            }
            long[] theirs = e.getValue();
            for (int i = 0; i < CHUNK_WORDS; i++) {
                added += Long.bitCount(theirs[i] & ~mine[i]);
                mine[i] |= theirs[i];
            }
        }
        cardinality += added;
        return added;
    }

    public long cardinality() {
        return cardinality;
    }

    /** An immutable copy, for views and reports that look at the set after the simulator moved on. */
    public PageBits freeze() {
        return PageBits.copyOf(frameShift, chunks, cardinality);
    }

    public boolean isEmpty() {
        return cardinality == 0;
    }

    public void clear() {
        chunks.clear();
        lastChunk = null;
        cardinality = 0;
    }

    /** The first frame at or after {@code from} (unsigned), or -1 ... which is also a valid frame only for shift 0. */
    public long nextFrame(long from) {
        long key = from >>> CHUNK_SHIFT;
        int bit = (int) (from & CHUNK_MASK);
        for (Map.Entry<Long, long[]> e = chunks.ceilingEntry(key); e != null; e = chunks.higherEntry(e.getKey())) {
            long[] c = e.getValue();
            int startBit = e.getKey() == key ? bit : 0;
            for (int w = startBit >>> 6; w < CHUNK_WORDS; w++) {
                long word = c[w];
                if (w == startBit >>> 6) {
                    word &= -1L << (startBit & 63);
                }
                if (word != 0) {
                    return (e.getKey() << CHUNK_SHIFT) + ((long) w << 6) + Long.numberOfTrailingZeros(word);
                }
            }
            if (e.getKey() == -1L >>> CHUNK_SHIFT) {
                break;
            }
        }
        return -1;
    }

    /** Calls {@code action} for each frame in ascending (unsigned) order. */
    public void forEachFrame(LongConsumer action) {
        for (Map.Entry<Long, long[]> e : chunks.entrySet()) {
            long base = e.getKey() << CHUNK_SHIFT;
            long[] c = e.getValue();
            for (int w = 0; w < CHUNK_WORDS; w++) {
                long word = c[w];
                while (word != 0) {
                    int b = Long.numberOfTrailingZeros(word);
                    action.accept(base + ((long) w << 6) + b);
                    word &= word - 1;
                }
            }
        }
    }

    @Override
    public Iterator<Long> iterator() {
        return frames();
    }

    /** Ascending iterator over frames. */
    public PrimitiveIterator.OfLong frames() {
        return new PrimitiveIterator.OfLong() {
            private final Iterator<Map.Entry<Long, long[]>> chunkIt = chunks.entrySet().iterator();
            private long base;
            private long[] cur;
            private int w = CHUNK_WORDS;
            private long word;

            private boolean advance() {
                while (word == 0) {
                    w++;
                    if (cur == null || w >= CHUNK_WORDS) {
                        if (!chunkIt.hasNext()) {
                            return false;
                        }
                        Map.Entry<Long, long[]> e = chunkIt.next();
                        cur = e.getValue();
                        base = e.getKey() << CHUNK_SHIFT;
                        w = 0;
                    }
                    word = cur[w];
                }
                return true;
            }

            @Override
            public boolean hasNext() {
                return word != 0 || advance();
            }

            @Override
            public long nextLong() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int b = Long.numberOfTrailingZeros(word);
                word &= word - 1;
                return base + ((long) w << 6) + b;
            }
        };
    }

    /** Bytes of bitmap words currently allocated (excluding map overhead). */
    public long memoryBytes() {
        return (long) chunks.size() * CHUNK_WORDS * Long.BYTES;
    }

    /** Number of allocated chunks. */
    public int chunkCount() {
        return chunks.size();
    }

    @Override
    public String toString() {
        return "DirtySet[" + cardinality + " frames of " + frameSize() + " B, " + chunks.size() + " chunks]";
    }
}

package io.ioptexplorer.hardware.pagetable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The flat reference model of the property test: one slot per granule page of a window, holding present,
 * permissions, physical address, dirty, and which leaf the page belongs to (leaves are whole-unit for unmap and
 * dirty reporting, so the model tracks them; it chooses leaf sizes by its own greedy rule, written independently of
 * the engine).
 */
final class FlatModel {
    final long base;
    final long g;
    final int n;
    final boolean startsDirty;
    final boolean[] mapped;
    final int[] prot;
    final long[] pa;
    final int[] leafStart;
    final int[] leafPages;
    final boolean[] dirty;

    FlatModel(long base, long granule, int pages, boolean writableStartsDirty) {
        this.base = base;
        this.g = granule;
        this.n = pages;
        this.startsDirty = writableStartsDirty;
        mapped = new boolean[pages];
        prot = new int[pages];
        pa = new long[pages];
        leafStart = new int[pages];
        leafPages = new int[pages];
        dirty = new boolean[pages];
    }

    long iova(int page) {
        return base + page * g;
    }

    boolean anyMapped(int from, int count) {
        for (int p = from; p < from + count; p++) {
            if (mapped[p]) {
                return true;
            }
        }
        return false;
    }

    /** Greedy: at each step the largest allowed size that fits the remaining length and both alignments. */
    void map(int from, int count, long physAddr, int perm, long sizes) {
        long[] desc = Arrays.stream(sizesOf(sizes)).boxed().sorted((a, b) -> Long.compare(b, a))
            .mapToLong(Long::longValue).toArray();
        int p = from;
        long phys = physAddr;
        long remaining = count * g;
        while (remaining > 0) {
            long chosen = 0;
            for (long s : desc) {
                if (s <= remaining && iova(p) % s == 0 && phys % s == 0) {
                    chosen = s;
                    break;
                }
            }
            int pages = (int) (chosen / g);
            for (int i = 0; i < pages; i++) {
                mapped[p + i] = true;
                prot[p + i] = perm;
                pa[p + i] = phys + i * g;
                leafStart[p + i] = p;
                leafPages[p + i] = pages;
                dirty[p + i] = startsDirty && (perm & Prot.WRITE) != 0;
            }
            p += pages;
            phys += chosen;
            remaining -= chosen;
        }
    }

    static long[] sizesOf(long mask) {
        long[] out = new long[Long.bitCount(mask)];
        int i = 0;
        while (mask != 0) {
            out[i++] = Long.lowestOneBit(mask);
            mask &= mask - 1;
        }
        return out;
    }

    /** Leaves (start pages) intersecting [from, from+count), in order. */
    List<Integer> leavesIn(int from, int count) {
        List<Integer> out = new ArrayList<>();
        int p = from;
        while (p < from + count) {
            if (!mapped[p]) {
                p++;
                continue;
            }
            int s = leafStart[p];
            out.add(s);
            p = s + leafPages[s];
        }
        return out;
    }

    long unmap(int from, int count) {
        long total = 0;
        for (int s : leavesIn(from, count)) {
            int pages = leafPages[s];
            for (int i = s; i < s + pages; i++) {
                mapped[i] = false;
                dirty[i] = false;
            }
            total += pages * g;
        }
        return total;
    }

    void write(int page) {
        int s = leafStart[page];
        Arrays.fill(dirty, s, s + leafPages[s], true);
    }

    /** Dirty leaves as {iova, length}; cleaned unless noClear. */
    List<long[]> readAndClear(int from, int count, boolean noClear) {
        List<long[]> out = new ArrayList<>();
        for (int s : leavesIn(from, count)) {
            if (dirty[s]) {
                out.add(new long[] {iova(s), leafPages[s] * g});
                if (!noClear) {
                    Arrays.fill(dirty, s, s + leafPages[s], false);
                }
            }
        }
        return out;
    }

    void split(int from, int count, long target) {
        int tp = (int) (target / g);
        for (int s : leavesIn(from, count)) {
            if (leafPages[s] > tp) {
                for (int i = s; i < s + leafPages[s]; i += 0) {
                    int end = i + tp;
                    for (int j = i; j < end; j++) {
                        leafStart[j] = i;
                    }
                    i = end;
                    if (i >= s + leafPages[s]) {
                        break;
                    }
                }
                int pages = leafPages[s];
                Arrays.fill(leafPages, s, s + pages, tp);
            }
        }
    }

    /** Collapses every whole block of {@code blockPages} inside the range that a level-1 table could become. */
    void collapse(int from, int count, int blockPages, long blockSize) {
        for (int b = 0; b + blockPages <= n; b += blockPages) {
            if (b < from || b + blockPages > from + count) {
                continue;
            }
            boolean ok = pa[b] % blockSize == 0;
            boolean d = false;
            for (int i = b; i < b + blockPages && ok; i++) {
                ok = mapped[i] && prot[i] == prot[b] && pa[i] == pa[b] + (i - b) * g && leafPages[i] < blockPages;
                d |= dirty[i];
            }
            if (ok) {
                Arrays.fill(leafStart, b, b + blockPages, b);
                Arrays.fill(leafPages, b, b + blockPages, blockPages);
                Arrays.fill(dirty, b, b + blockPages, d);
            }
        }
    }

    /** All leaves of the window, flattened as iova, size, pa, prot, dirty (1/0) per leaf. */
    long[] leaves() {
        LongList out = new LongList();
        for (int s : leavesIn(0, n)) {
            out.add(iova(s), leafPages[s] * g, pa[s], prot[s], dirty[s] ? 1L : 0L);
        }
        return out.toArray();
    }

    /** A growable long array, so comparing thousands of leaves allocates little. */
    static final class LongList {
        private long[] a = new long[64];
        private int size;

        void add(long... vs) {
            if (size + vs.length > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, size + vs.length));
            }
            System.arraycopy(vs, 0, a, size, vs.length);
            size += vs.length;
        }

        long[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}

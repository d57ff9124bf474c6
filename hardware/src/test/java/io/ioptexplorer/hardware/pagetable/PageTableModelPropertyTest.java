package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of map, unmap, read, write, split, collapse and read-and-clear-dirty on a random format,
 * against {@link FlatModel}; the engine must give the same answers (results, errnos, faults, physical addresses,
 * recorded dirty leaves) and the same leaves after every step. Each sequence ends by unmapping everything and
 * checking that only the root table is left. After every step the raw entries are also decoded with the
 * specification's bit positions ({@link SpecLeafBits}), so a misplaced Accessed or Dirty bit fails here too.
 */
class PageTableModelPropertyTest {
    static final List<PageTableFormat> FORMATS = PageTableFormats.all();

    record Op(int kind, int a, int b, int c) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 1 << 20);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), any, any, any).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 10_000)
    void engineAgreesWithFlatModel(@ForAll("sequences") List<Op> ops,
                                   @ForAll("formatIndex") int formatIndex) {
        PageTableFormat fmt = FORMATS.get(formatIndex);
        Fixture f = new Fixture(fmt);
        int bigPages = (int) (f.big / f.g);
        int n = 2 * bigPages;
        FlatModel m = new FlatModel(f.base, f.g, n, fmt.writableLeavesStartDirty());
        long[] targets = FlatModel.sizesOf(fmt.supportedPageSizes() & (2 * f.big - 1));
        for (Op op : ops) {
            int start = pick(op.a(), n, bigPages);
            int count = Math.max(1, Math.min(length(op.b(), n, bigPages), n - start));
            long iova = m.iova(start);
            long len = count * f.g;
            switch (op.kind()) {
                case 0, 1, 2 -> {
                    int prot = op.c() % 2 == 0 ? Prot.READ : Prot.READ | Prot.WRITE;
                    long pa = switch ((op.c() / 2) % 3) {
                        case 0 -> f.paBase + start * f.g;
                        case 1 -> f.paBase + start * f.g + f.g;
                        default -> f.paBase + 8 * f.big + start * f.g;
                    };
                    long sizes = switch ((op.c() / 6) % 3) {
                        case 0 -> -1L;
                        case 1 -> f.g;
                        default -> f.smallAndBig();
                    };
                    if (m.anyMapped(start, count)) {
                        assertThat(errno(() -> f.pt.map(iova, pa, len, prot, sizes))).isEqualTo(Errno.EEXIST);
                    } else {
                        f.pt.map(iova, pa, len, prot, sizes);
                        m.map(start, count, pa, prot, sizes & fmt.supportedPageSizes());
                    }
                }
                case 3 -> {
                    if (m.mapped[start] && m.leafStart[start] != start) {
                        assertThat(errno(() -> f.pt.unmap(iova, len))).isEqualTo(Errno.EINVAL);
                    } else {
                        assertThat(f.pt.unmap(iova, len)).isEqualTo(m.unmap(start, count));
                    }
                }
                case 4, 5, 6 -> {
                    boolean write = op.kind() != 4;
                    long off = op.c() % f.g;
                    Translation t = f.pt.translate(iova + off, write ? Access.WRITE : Access.READ);
                    if (!m.mapped[start]) {
                        assertThat(t.fault()).isEqualTo(FaultReason.NOT_PRESENT);
                    } else if (write && (m.prot[start] & Prot.WRITE) == 0) {
                        assertThat(t.fault()).isEqualTo(FaultReason.WRITE_TO_READ_ONLY);
                    } else {
                        assertThat(t.faulted()).isFalse();
                        assertThat(t.physAddr()).isEqualTo(m.pa[start] + off);
                        assertThat(t.dirtyBefore()).isEqualTo(m.dirty[start]);
                        if (write) {
                            m.write(start);
                        }
                    }
                }
                case 7 -> {
                    long target = targets[op.c() % targets.length];
                    f.pt.split(iova, len, target);
                    m.split(start, count, target);
                }
                case 8 -> {
                    f.pt.collapse(iova, len);
                    m.collapse(start, count, bigPages, f.big);
                }
                default -> {
                    boolean noClear = op.c() % 2 == 0;
                    List<long[]> got = new ArrayList<>();
                    DirtyGather gather = f.pt.readAndClearDirty(iova, len, noClear ? DirtyFlags.NO_CLEAR : 0,
                        (i, l) -> got.add(new long[] {i, l}));
                    List<long[]> want = m.readAndClear(start, count, noClear);
                    assertThat(got).usingRecursiveComparison().isEqualTo(want);
                    assertThat(gather.entriesCleaned()).isEqualTo(noClear ? 0 : want.size());
                }
            }
            long[] got = leaves(f);
            long[] want = m.leaves();
            if (!java.util.Arrays.equals(got, want)) {
                assertThat(got).as("leaves (iova, size, pa, prot, dirty) after %s", op).containsExactly(want);
            }
            RawLeafCheck.assertRawLeavesMatch(f, m, op); // bit positions, which the format's own decoding cannot see
        }
        f.pt.unmap(f.base, n * f.g);
        assertThat(f.pt.stats().liveTablePages()).isEqualTo(1);
        assertThat(f.pool.livePages()).isEqualTo(1);
        assertThat(f.pt.stats().leavesBySize()).isEmpty();
    }

    @Provide
    Arbitrary<Integer> formatIndex() {
        return Arbitraries.integers().between(0, FORMATS.size() - 1);
    }

    /** Start page: often a big-leaf boundary, otherwise anywhere. */
    static int pick(int a, int n, int bigPages) {
        return a % 3 == 0 ? ((a / 3) % 2) * bigPages : (a / 3) % n;
    }

    /** Length in pages: often whole big leaves, sometimes a few pages, otherwise anything. */
    static int length(int b, int n, int bigPages) {
        return switch (b % 4) {
            case 0 -> bigPages * (1 + (b / 4) % 2);
            case 1 -> 1 + (b / 4) % 8;
            default -> 1 + (b / 4) % n;
        };
    }

    static long[] leaves(Fixture f) {
        FlatModel.LongList out = new FlatModel.LongList();
        f.pt.forEachLeaf(f.base, 2 * f.big, (iova, size, pa, prot, acc, dirty) ->
            out.add(iova, size, pa, prot, dirty ? 1L : 0L));
        return out.toArray();
    }

    static Errno errno(Runnable r) {
        try {
            r.run();
        } catch (ErrnoException e) {
            return e.errno();
        }
        return null;
    }
}

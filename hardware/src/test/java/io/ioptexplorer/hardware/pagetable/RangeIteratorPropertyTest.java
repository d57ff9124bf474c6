package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one range iterator ({@link PtState}, through {@link IoPageTable#forEachEntry}) visits exactly what the flat
 * model says, on every format: a window is mapped in random chunks (random page sizes, so AMD replicated leaves and
 * huge leaves sit beside small ones; holes between), then a random range is walked. The entries that are not tables
 * must tile the range in ascending order with no gap and no overlap; each leaf must be one of the model's leaves
 * intersecting the range, visited once and whole (also when the range starts or ends inside it), and each empty
 * slot must be unmapped in the model.
 */
class RangeIteratorPropertyTest {
    static final List<PageTableFormat> FORMATS = PageTableFormats.all();

    /** A chunk of the mapping: its length in pages, whether it is a hole, and which page sizes it may use. */
    record Chunk(int pages, boolean hole, int sizes) {
    }

    @Provide
    Arbitrary<List<Chunk>> chunks() {
        Arbitrary<Chunk> c = Combinators.combine(Arbitraries.integers().between(1, 1 << 16),
            Arbitraries.integers().between(0, 4).map(h -> h == 0), Arbitraries.integers().between(0, 2))
            .as(Chunk::new);
        return c.list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Integer> formatIndex() {
        return Arbitraries.integers().between(0, FORMATS.size() - 1);
    }

    @Property(tries = 1500)
    void iteratorVisitsExactlyTheModelsEntries(@ForAll("formatIndex") int formatIndex,
                                               @ForAll("chunks") List<Chunk> chunks,
                                               @ForAll int rangeSeed, @ForAll int lengthSeed) {
        PageTableFormat fmt = FORMATS.get(formatIndex);
        Fixture f = new Fixture(fmt);
        int bigPages = (int) (f.big / f.g);
        int n = 4 * bigPages;
        FlatModel m = new FlatModel(f.base, f.g, n, fmt.writableLeavesStartDirty());
        int p = 0;
        for (Chunk c : chunks) {
            // Chunk lengths: sometimes a few pages, sometimes up to two big leaves, so leaves of every size occur.
            int pages = Math.min(n - p, c.pages() % 4 == 0 ? 1 + c.pages() % 8 : 1 + c.pages() % (2 * bigPages));
            if (pages <= 0) {
                break;
            }
            if (!c.hole()) {
                long sizes = switch (c.sizes()) {
                    case 0 -> -1L;
                    case 1 -> f.g;
                    default -> f.smallAndBig();
                };
                long pa = f.paBase + (long) p * f.g;
                f.pt.map(m.iova(p), pa, pages * f.g, Prot.READ | Prot.WRITE, sizes);
                m.map(p, pages, pa, Prot.READ | Prot.WRITE, sizes & fmt.supportedPageSizes());
            }
            p += pages;
        }
        int start = Math.floorMod(rangeSeed, n);
        int count = 1 + Math.floorMod(lengthSeed, n - start);
        long first = m.iova(start);
        long last = m.iova(start + count) - 1;

        List<long[]> visited = new ArrayList<>(); // {clipped start, clipped end (exclusive), type, leaf iova, size}
        f.pt.forEachEntry(first, count * f.g, s -> {
            assertThat(s.index()).isBetween(0, s.endIndex() - 1);
            if (s.type() == PageTableFormat.TABLE) {
                return;
            }
            long from = s.type() == PageTableFormat.LEAF ? s.leafIova() : s.itemIova();
            long size = s.type() == PageTableFormat.LEAF ? s.leafSize() : 1L << s.itemShift();
            visited.add(new long[] {Math.max(from, first), Math.min(from + size, last + 1), s.type(), from, size});
        });

        long at = first;
        List<Integer> leavesSeen = new ArrayList<>();
        for (long[] v : visited) {
            assertThat(v[0]).as("visits tile the range in order").isEqualTo(at);
            assertThat(v[1]).isGreaterThan(v[0]);
            int fromPage = (int) ((v[0] - f.base) / f.g);
            int toPage = (int) ((v[1] - f.base) / f.g);
            if (v[2] == PageTableFormat.LEAF) {
                int leaf = (int) ((v[3] - f.base) / f.g);
                assertThat(m.mapped[fromPage]).isTrue();
                assertThat(m.leafStart[fromPage]).as("leaf start").isEqualTo(leaf);
                assertThat(m.leafPages[leaf] * f.g).as("leaf size").isEqualTo(v[4]);
                leavesSeen.add(leaf);
            } else {
                for (int q = fromPage; q < toPage; q++) {
                    assertThat(m.mapped[q]).as("page %d in an empty slot", q).isFalse();
                }
            }
            at = v[1];
        }
        assertThat(at).as("visits reach the end of the range").isEqualTo(last + 1);
        assertThat(leavesSeen).isEqualTo(m.leavesIn(start, count));
    }
}

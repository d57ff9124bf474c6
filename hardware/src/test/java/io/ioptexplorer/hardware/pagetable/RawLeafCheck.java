package io.ioptexplorer.hardware.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads every leaf of the flat model's window straight from the raw entries and decodes it with {@link SpecLeafBits}:
 * permissions and dirty state must be what the model says, a dirty leaf must also be accessed, and no flag may sit
 * outside the bits the specification gives the format.
 */
final class RawLeafCheck {
    private RawLeafCheck() {
    }

    static void assertRawLeavesMatch(Fixture f, FlatModel m, Object step) {
        SpecLeafBits spec = SpecLeafBits.of(f.fmt);
        int p = 0;
        while (p < m.n) {
            if (!m.mapped[p]) {
                p++;
                continue;
            }
            int pages = m.leafPages[p];
            long iova = m.iova(p);
            long size = pages * m.g;
            int level = levelOf(f.fmt, size);
            int replicas = (int) (size >>> f.fmt.itemShift(level));
            boolean dirty = false;
            boolean accessed = false;
            for (int k = 0; k < replicas; k++) {
                long pte = f.pt.entryAt(iova + ((long) k << f.fmt.itemShift(level)), level);
                String where = String.format("%s leaf 0x%x+%d of %d bytes at level %d: raw 0x%016x after %s",
                        f.fmt.name(), iova, k, size, level, pte, step);
                assertThat(spec.isLeaf(pte, level)).as("%s is a leaf", where).isTrue();
                assertThat(pte & ~spec.address & ~spec.flags).as("%s has no bit outside the spec", where).isZero();
                assertThat(spec.readable(pte)).as("%s readable", where).isEqualTo((m.prot[p] & Prot.READ) != 0);
                assertThat(spec.writable(pte)).as("%s writable", where).isEqualTo((m.prot[p] & Prot.WRITE) != 0);
                dirty |= spec.dirty(pte);
                accessed |= spec.accessed(pte);
            }
            String where = String.format("%s leaf 0x%x of %d bytes after %s", f.fmt.name(), iova, size, step);
            assertThat(dirty).as("%s dirty, read from the raw bits", where).isEqualTo(m.dirty[p]);
            if (dirty) {
                assertThat(accessed).as("%s: hardware sets Accessed with Dirty", where).isTrue();
            }
            p += pages;
        }
    }

    /** The level that holds a leaf of this size: the highest whose item does not exceed it. */
    static int levelOf(PageTableFormat fmt, long size) {
        int shift = Long.numberOfTrailingZeros(size);
        for (int l = fmt.levels() - 1; l >= 0; l--) {
            if (fmt.itemShift(l) <= shift) {
                return l;
            }
        }
        throw new IllegalArgumentException("leaf of " + size + " bytes is below the granule of " + fmt.name());
    }
}

package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which 4 KiB IOVA pages each paging HWPT's page table holds dirty right now, as software reads them: a dirty leaf
 * counts with every page it maps (a dirty 2 MiB leaf is 512 dirty pages, a replicated AMD leaf is dirty when any
 * replica is), as generic_pt's {@code read_and_clear_dirty} records it and as {@code IOMMU_HWPT_GET_DIRTY_BITMAP}
 * with {@code NO_CLEAR} would report it. Read-only: nothing is cleared and no event is emitted. Simulation thread.
 */
public final class DirtyLeaves {
    private DirtyLeaves() {
    }

    /** Per HWPT id, the dirty pages as frames (IOVA >> 12). */
    public static Map<Integer, PageBits> of(Machine m) {
        Map<Integer, PageBits> out = new TreeMap<>();
        for (Hwpt h : m.iommufd().hwpts()) {
            out.put(h.id(), of(h.domain().pageTable()));
        }
        return Map.copyOf(out);
    }

    /** The dirty pages of one page table. */
    public static PageBits of(IoPageTable pt) {
        long max = pt.format().maxIova();
        // the whole IOVA space; a full 64-bit space leaves out its last granule (no format here is that wide)
        long length = max == -1 ? -pt.format().granule() : max + 1;
        DirtySet dirty = new DirtySet();
        pt.forEachLeaf(0, length, (iova, size, pa, prot, accessed, d) -> {
            if (d) {
                dirty.addRange(iova >>> GuestMemory.PAGE_SHIFT, Math.max(1, size >>> GuestMemory.PAGE_SHIFT));
            }
        });
        return dirty.freeze();
    }
}

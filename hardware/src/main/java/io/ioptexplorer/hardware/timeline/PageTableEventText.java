package io.ioptexplorer.hardware.timeline;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.pagetable.DirtyFlags;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.events.DirtyReadDone;
import io.ioptexplorer.hardware.pagetable.events.DirtyRecorded;
import io.ioptexplorer.hardware.pagetable.events.EntryUpdated;
import io.ioptexplorer.hardware.pagetable.events.LeafMapped;
import io.ioptexplorer.hardware.pagetable.events.LeafSplit;
import io.ioptexplorer.hardware.pagetable.events.LeafUnmapped;
import io.ioptexplorer.hardware.pagetable.events.TableAllocated;
import io.ioptexplorer.hardware.pagetable.events.TableCollapsed;
import io.ioptexplorer.hardware.pagetable.events.TableFreed;
import io.ioptexplorer.hardware.pagetable.events.UpdateReason;
import io.ioptexplorer.hardware.pagetable.events.WalkFault;
import io.ioptexplorer.hardware.pagetable.events.WalkStep;

/**
 * Descriptions of the IO page table's events, named after generic_pt's operations (drivers/iommu/generic_pt:
 * map_pages, unmap_pages, read_and_clear_dirty, iommu_dirty_bitmap_record). Split and collapse are proposals from
 * the mailing-list threads, not upstream Linux, and say so.
 */
final class PageTableEventText {
    private PageTableEventText() {
    }

    static EventInfo describe(EventKind k, SimEvent event, EventScope s) {
        if (event instanceof WalkStep e) {
            // one per level of every IOTLB miss: its name, fields and text only when asked for (Describer.full)
            Describer d = scoped(k, walkStepName(e.level()), s).iova(e.iova()).level(e.level());
            return !d.full() ? null : d.hex("table", e.tableAddr()).field("index", e.index())
                    .hex("entry", e.entry()).field("entry-kind", entryKind(e.kind()))
                    .text("walk 0x%x: level %d entry %d of table 0x%x = 0x%x (%s)", e.iova(), e.level(), e.index(),
                            e.tableAddr(), e.entry(), entryKind(e.kind()));
        }
        if (event instanceof WalkFault e) {
            return scoped(k, "translation fault (" + e.reason() + ")", s)
                    .iova(e.iova()).level(e.level()).field("access", e.access()).field("reason", e.reason())
                    .hex("entry", e.entry())
                    .text("walk 0x%x faults at level %d: %s on %s", e.iova(), e.level(), e.reason(),
                            e.access().name().toLowerCase());
        }
        if (event instanceof EntryUpdated e) {
            Describer d = scoped(k, updateName(e.reason()), s);
            if (e.iova() >= 0) {
                d.iova(e.iova()); // the entry's first IOVA: the timeline finds an entry's writes by it
            }
            return !d.full() ? null : d // frequent (hardware A/D updates): fields and text only when asked for
                    .hex("table", e.tableAddr()).field("index", e.index()).hex("old-entry", e.oldEntry())
                    .hex("new-entry", e.newEntry()).field("reason", e.reason())
                    .text("%s: entry %d of table 0x%x 0x%x -> 0x%x", updateName(e.reason()), e.index(),
                            e.tableAddr(), e.oldEntry(), e.newEntry());
        }
        if (event instanceof LeafMapped e) {
            return scoped(k, "map_pages", s)
                    .iova(e.iova()).length(e.length()).field("leaf-size", e.size()).field("count", e.count())
                    .level(e.level()).hex("phys-addr", e.physAddr()).field("prot", IommuEventText.prot(e.prot()))
                    .hex("table", e.tableAddr()).field("index", e.index()).hex("entry", e.entry())
                    .text("map_pages: %s at 0x%x -> 0x%x, level %d (%s), from entry %d of table 0x%x",
                            leaves(e.count(), e.size()), e.iova(), e.physAddr(), e.level(),
                            IommuEventText.prot(e.prot()), e.index(), e.tableAddr());
        }
        if (event instanceof LeafUnmapped e) {
            Describer d = scoped(k, "unmap_pages", s)
                    .iova(e.iova()).length(e.length()).field("leaf-size", e.size()).field("count", e.count())
                    .level(e.level()).hex("phys-addr", e.physAddr()).field("dirty", e.dirty())
                    .hex("table", e.tableAddr()).field("index", e.index()).hex("old-entry", e.oldEntry());
            if (!e.oldReplicas().isEmpty()) {
                d.field("old-replicas", e.oldReplicas().stream().map(Hex::new).toList());
            }
            return d.text("unmap_pages: %s at 0x%x, level %d (%s), from entry %d of table 0x%x",
                    leaves(e.count(), e.size()), e.iova(), e.level(), e.dirty() ? "dirty" : "clean",
                    e.index(), e.tableAddr());
        }
        if (event instanceof TableAllocated e) {
            return scoped(k, "table page allocated", s)
                    .iova(e.iova()).level(e.level()).hex("table", e.tableAddr())
                    .text("new table 0x%x below the level %d entry for 0x%x", e.tableAddr(), e.level() + 1,
                            e.iova());
        }
        if (event instanceof TableFreed e) {
            return scoped(k, "table page freed", s)
                    .iova(e.iova()).level(e.level()).hex("table", e.tableAddr())
                    .text("table 0x%x (level %d, covering 0x%x) freed", e.tableAddr(), e.level(), e.iova());
        }
        if (event instanceof LeafSplit e) {
            return scoped(k, "leaf split (proposal, not upstream)", s)
                    .iova(e.iova()).length(e.oldSize()).level(e.level()).field("new-size", e.newSize())
                    .hex("new-table", e.newTableAddr()).field("dirty", e.dirty())
                    .text("split the %s leaf at 0x%x into %s leaves%s", Describer.size(e.oldSize()), e.iova(),
                            Describer.size(e.newSize()), e.dirty() ? " (dirty, every part marked dirty)" : "");
        }
        if (event instanceof TableCollapsed e) {
            return scoped(k, "table collapse (proposal, not upstream)", s)
                    .iova(e.iova()).length(e.size()).level(e.level()).hex("freed-table", e.freedTableAddr())
                    .field("dirty", e.dirty())
                    .text("collapsed table 0x%x into one %s leaf at 0x%x%s", e.freedTableAddr(),
                            Describer.size(e.size()), e.iova(), e.dirty() ? " (dirty)" : "");
        }
        if (event instanceof DirtyRecorded e) {
            return scoped(k, "iommu_dirty_bitmap_record", s)
                    .iova(e.iova()).length(e.length()).field("cleared", e.cleared())
                    .text("dirty leaf 0x%x (%s) recorded%s", e.iova(), Describer.size(e.length()),
                            e.cleared() ? " and cleaned" : ", Dirty kept (NO_CLEAR)");
        }
        if (event instanceof DirtyReadDone e) {
            // No bitmap: iopt_set_dirty_tracking()'s iopt_clear_dirty_data() wipes stale Dirty bits (its
            // iommu_dirty_bitmap_init(&dirty, NULL, ...)); it is not the GET_DIRTY_BITMAP ioctl.
            String name = e.bitmap() ? dirtyReadName(e.flags())
                    : "read_and_clear_dirty, no bitmap (iopt_clear_dirty_data, as "
                            + "IOMMU_HWPT_SET_DIRTY_TRACKING enables)";
            return scoped(k, name, s)
                    .iova(e.iova()).length(e.length()).field("flags", e.flags()).field("bitmap", e.bitmap())
                    .field("leaves-recorded", e.leavesRecorded()).hex("gather-start", e.gather().start())
                    .hex("gather-end", e.gather().end()).field("gather-page-size", e.gather().pageSize())
                    .field("entries-cleaned", e.gather().entriesCleaned())
                    .text("%s 0x%x..0x%x: %d dirty leaves, %d entries cleaned",
                            e.bitmap() ? "read_and_clear_dirty of" : "stale Dirty bits cleaned before tracking starts,",
                            e.iova(), e.iova() + e.length() - 1, e.leavesRecorded(), e.gather().entriesCleaned());
        }
        throw new IllegalArgumentException("not a page-table event: " + event);
    }

    /** "4 KiB leaf", or "512 × 4 KiB leaves". */
    private static String leaves(int count, long size) {
        return count == 1 ? Describer.size(size) + " leaf" : count + " × " + Describer.size(size) + " leaves";
    }

    private static final String[] WALK_STEP_NAMES = new String[8];

    static {
        for (int l = 0; l < WALK_STEP_NAMES.length; l++) {
            WALK_STEP_NAMES[l] = "page walk: level " + l + " entry read";
        }
    }

    /** The same name as ever, not built again for each of millions of walk steps. */
    private static String walkStepName(int level) {
        return level >= 0 && level < WALK_STEP_NAMES.length ? WALK_STEP_NAMES[level]
                : "page walk: level " + level + " entry read";
    }

    private static Describer scoped(EventKind k, String name, EventScope s) {
        return Describer.of(k, name).unit(s.unit()).hwpt(s.hwpt());
    }

    private static String dirtyReadName(int flags) {
        return "IOMMU_HWPT_GET_DIRTY_BITMAP" + ((flags & DirtyFlags.NO_CLEAR) != 0
                ? " (IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR)" : "");
    }

    static String updateName(UpdateReason r) {
        return switch (r) {
            case MAP -> "map_pages: PTE written";
            case UNMAP -> "unmap_pages: PTE cleared";
            case TABLE_INSTALL -> "table entry installed";
            case TABLE_REMOVE -> "table entry removed";
            case HW_ACCESSED -> "hardware Accessed update";
            case HW_DIRTY -> "hardware Dirty update";
            case CLEAN_DIRTY -> "read_and_clear_dirty: Dirty cleaned";
            case SPLIT -> "split: entry rewritten (proposal)";
            case COLLAPSE -> "collapse: entry rewritten (proposal)";
        };
    }

    static String entryKind(int kind) {
        return switch (kind) {
            case PageTableFormat.TABLE -> "table";
            case PageTableFormat.LEAF -> "leaf";
            default -> "empty";
        };
    }
}

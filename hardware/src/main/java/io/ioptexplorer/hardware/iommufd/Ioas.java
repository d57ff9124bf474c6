package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * An IO address space: the mappings userspace asked for, mirrored into every paging HWPT allocated on it
 * (drivers/iommu/iommufd/io_pagetable.c). Holds the {@code IOMMU_OPTION_HUGE_PAGES} choice.
 */
public final class Ioas {
    private final int id;
    private final TreeMap<Long, IoasArea> areas = new TreeMap<>(Long::compareUnsigned);
    private final List<Hwpt> hwpts = new ArrayList<>();
    private boolean hugePages = true;

    Ioas(int id) {
        this.id = id;
    }

    /** The copy of {@code o}: registered first, because its HWPTs point back to it. */
    private Ioas(Ioas o, CopyContext ctx) {
        ctx.register(o, this);
        this.id = o.id;
        this.areas.putAll(o.areas); // IoasArea is immutable
        ctx.count(64L * areas.size());
        this.hugePages = o.hugePages;
        for (Hwpt h : o.hwpts) {
            hwpts.add(h.copy(ctx));
        }
    }

    /** An IOAS with the same areas, option and HWPTs (copies, on the copy of this IOAS). */
    public Ioas copy(CopyContext ctx) {
        return ctx.copy(this, c -> new Ioas(this, c));
    }

    public int id() {
        return id;
    }

    /** IOMMU_OPTION_HUGE_PAGES: default on; off maps everything at PAGE_SIZE (4 KiB) at most. */
    public boolean hugePages() {
        return hugePages;
    }

    void setHugePages(boolean on) {
        hugePages = on;
    }

    public List<IoasArea> areas() {
        return List.copyOf(areas.values());
    }

    public List<Hwpt> hwpts() {
        return Collections.unmodifiableList(hwpts);
    }

    void addHwpt(Hwpt h) {
        hwpts.add(h);
    }

    void removeHwpt(Hwpt h) {
        hwpts.remove(h);
    }

    TreeMap<Long, IoasArea> areaMap() {
        return areas;
    }

    /** Areas meeting [first, last] (inclusive, u64), in IOVA order. */
    public List<IoasArea> areasMeeting(long first, long last) {
        List<IoasArea> out = new ArrayList<>();
        for (IoasArea a : areas.values()) {
            if (a.meets(first, last)) {
                out.add(a);
            }
        }
        return out;
    }
}

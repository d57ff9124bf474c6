package io.ioptexplorer.viewmodel.compare;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.viewmodel.live.BitmapPicture;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pinned moment's Dirty bits against now's, page by page, for the views to mark: the Dirty bitmap tab marks the
 * pages a read returned differently from what the page table held at the pin; the lanes mark the pages whose Dirty
 * bit is not what it was at the pin. Both sides come from {@code DirtyLeaves} (read without clearing); immutable.
 *
 * @param pinnedStep steps done at the pinned moment
 * @param pinned     per HWPT id, the 4 KiB IOVA frames dirty at the pinned moment
 * @param nowStep    steps done at the moment compared with it ("now" when it was compared)
 * @param changed    frames whose Dirty bit differs between the pin and now in some HWPT
 */
public record DirtyDifference(int pinnedStep, Map<Integer, PageBits> pinned, int nowStep, PageBits changed) {
    public DirtyDifference {
        pinned = Map.copyOf(pinned);
    }

    /** Compares the two moments' dirty pages, HWPT by HWPT (a HWPT on one side only counts as all clean on the other). */
    public static DirtyDifference between(int pinnedStep, Map<Integer, PageBits> pinned, int nowStep,
                                          Map<Integer, PageBits> now) {
        Set<Integer> ids = new HashSet<>(pinned.keySet());
        ids.addAll(now.keySet());
        DirtySet changed = new DirtySet();
        for (int id : ids) {
            PageBits a = pinned.getOrDefault(id, PageBits.EMPTY);
            PageBits b = now.getOrDefault(id, PageBits.EMPTY);
            a.forEachFrame(f -> {
                if (!b.contains(f)) {
                    changed.add(f);
                }
            });
            b.forEachFrame(f -> {
                if (!a.contains(f)) {
                    changed.add(f);
                }
            });
        }
        return new DirtyDifference(pinnedStep, pinned, nowStep, changed.freeze());
    }

    /**
     * How many bits of {@code b} in [from, to) differ from what the same read would have returned at the pinned
     * moment: a bit is dirty when any page under it was (the kernel's iova_bitmap sets a bit for any dirty part).
     * A bitmap that is no HWPT's (a device's DMA log, type1) has no page table to compare with: 0.
     */
    public int bitsDiffering(BitmapPicture b, long from, long to) {
        if (b.hwpt() == BitmapPicture.NO_HWPT) {
            return 0;
        }
        PageBits p = pinned.getOrDefault(b.hwpt(), PageBits.EMPTY); // not there yet at the pin: all clean
        int n = 0;
        long per = b.framesPerBit();
        for (long i = Math.max(0, from); i < Math.min(to, b.nbits()); i++) {
            long first = b.firstFrame(i);
            if (b.isSet(i) != (p.countIn(first, first + per) > 0)) {
                n++;
            }
        }
        return n;
    }

    /** Whether frame {@code frame} of HWPT {@code hwpt} was dirty at the pinned moment. */
    public boolean dirtyAtPin(int hwpt, long frame) {
        PageBits p = pinned.get(hwpt);
        return p != null && p.contains(frame);
    }
}

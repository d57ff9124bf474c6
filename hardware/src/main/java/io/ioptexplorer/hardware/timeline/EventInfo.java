package io.ioptexplorer.hardware.timeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one event means, for people and for the trace: its kind, the name a kernel or hardware person knows it by,
 * its subject, one readable line, and its fields in a fixed order.
 *
 * @param kind       the event's kind
 * @param name       kernel or hardware name (IOMMU_HWPT_GET_DIRTY_BITMAP, INVALIDATE_IOMMU_PAGES, ...)
 * @param device     device id, or null
 * @param unit       IOMMU instance id, or null
 * @param hwpt       HWPT (= IOMMU domain) id, or -1
 * @param iova       the IOVA the event is about, or -1 when none
 * @param length     bytes from {@code iova} the event covers, or 0 when none
 * @param level      page-table level (0 = the leaf level of 4 KiB pages), or -1 when none
 * @param text       one readable line
 * @param fields     the event's fields for JSON, in order: numbers, booleans, strings, {@link Hex} for addresses and
 *                   entries, lists of those
 * @param breakpoint the breakpoint group this event falls in
 * @param detail     one small number, 0..255, that the compact index keeps beside the kind so that a page's trace
 *                   needs no replay: a DMA access's write bit, an IOTLB hit's cached-dirty bit, a vCPU write's vCPU
 *                   (255 for vCPU 255 and above); 0 for other kinds
 */
public record EventInfo(EventKind kind, String name, String device, String unit, int hwpt, long iova, long length,
                        int level, String text, Map<String, Object> fields, BreakpointClass breakpoint, int detail)
        implements EventSubject {
    /** The most {@link #detail} holds. */
    public static final int MAX_DETAIL = 255;

    public EventInfo {
        fields = fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}

package io.ioptexplorer.hardware.timeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A field value that is an IOVA range (a {@code struct vfio_device_feature_dma_logging_range}): written to the trace's
 * JSON as {@code {"iova": "0x0", "length": 3221225472}} and shown to people as {@code 0x0 + 3 GiB}. Both forms are
 * here, so the trace and the inspector cannot disagree on what a range is.
 */
public record RangeValue(long iova, long length) {

    /** The trace's JSON object: the start as a hexadecimal string, the length in bytes. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iova", new Hex(iova));
        m.put("length", length);
        return m;
    }

    @Override
    public String toString() {
        return new Hex(iova) + " + " + Describer.size(length);
    }
}

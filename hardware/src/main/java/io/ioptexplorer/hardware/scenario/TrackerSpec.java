package io.ioptexplorer.hardware.scenario;

import java.util.List;

/**
 * A device's own dirty tracker (VFIO device DMA logging), or none.
 *
 * @param kind      {@code none}, {@code mlx5} or {@code pds}
 * @param maxRanges how many IOVA ranges the device can track (0 for none)
 * @param pageSizes the tracking granularities it supports, ascending (empty for none)
 */
public record TrackerSpec(Kind kind, int maxRanges, List<Long> pageSizes, SourceLocation location) {

    public TrackerSpec {
        pageSizes = List.copyOf(pageSizes);
    }

    public enum Kind implements YamlName { NONE, MLX5, PDS }

    public static TrackerSpec none(SourceLocation location) {
        return new TrackerSpec(Kind.NONE, 0, List.of(), location);
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }
}

package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.vfio.logging.Mlx5StyleTracker;
import io.ioptexplorer.hardware.vfio.logging.PdsStyleTracker;
import java.util.Objects;

/** A device's own DMA dirty tracker (VFIO DMA logging), in the manner of one of the two upstream drivers. */
public sealed interface DeviceTrackerSpec {

    /** mlx5-style: range combining, page size clamped to the caps, address-space check. */
    record Mlx5(Mlx5StyleTracker.Caps caps) implements DeviceTrackerSpec {
        public Mlx5 {
            Objects.requireNonNull(caps, "caps");
        }
    }

    /** pds-style: seq/ack bitmaps, one region (first upstream version) or several. */
    record Pds(int maxRegions, PdsStyleTracker.Mode mode) implements DeviceTrackerSpec {
        public Pds {
            Objects.requireNonNull(mode, "mode");
            if (maxRegions < 0) {
                throw new IllegalArgumentException("maxRegions must be >= 0");
            }
        }
    }

    /** An mlx5-style tracker with permissive caps: 4 ranges, pages 4 KiB..1 GiB, address space 2^12..2^50. */
    static DeviceTrackerSpec mlx5() {
        return new Mlx5(new Mlx5StyleTracker.Caps(4, 12, 30, 12, 50));
    }

    /** A pds-style tracker in its first upstream form (one region). */
    static DeviceTrackerSpec pds() {
        return new Pds(1, PdsStyleTracker.Mode.SINGLE_REGION);
    }
}

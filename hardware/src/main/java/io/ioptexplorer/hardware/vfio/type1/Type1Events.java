package io.ioptexplorer.hardware.vfio.type1;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.events.SimEvent;

/** Events published by {@link Type1Container}. */
public final class Type1Events {

    private Type1Events() {
    }

    /** VFIO_IOMMU_MAP_DMA succeeded. */
    public record Mapped(long iova, long size, boolean iommuMapped) implements SimEvent {
    }

    /** VFIO_IOMMU_UNMAP_DMA succeeded; {@code bitsSet} is -1 when no dirty bitmap was requested. */
    public record Unmapped(long iova, long size, long unmapped, long bitsSet) implements SimEvent {
    }

    /** VFIO_IOMMU_DIRTY_PAGES START or STOP changed the tracking state. */
    public record DirtyTracking(boolean enabled) implements SimEvent {
    }

    /**
     * GET_BITMAP succeeded. {@code allDirty} says a group outside the pinned-page dirty scope forced every mapped
     * page of the range to be reported.
     */
    public record BitmapRead(long iova, long size, long bitsSet, boolean allDirty) implements SimEvent {
    }

    /** A group was attached or detached. */
    public record GroupChanged(String group, Type1Container.GroupType type, boolean attached,
            int numNonPinnedGroups) implements SimEvent {
    }

    /** A group left the "all dirty" set because its device pinned pages (pinned-page dirty scope). */
    public record GroupPromoted(String group, int numNonPinnedGroups) implements SimEvent {
    }

    /** A request failed. */
    public record Refused(String operation, Errno errno, String why) implements SimEvent {
    }
}

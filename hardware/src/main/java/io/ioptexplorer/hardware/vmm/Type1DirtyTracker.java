package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.vfio.type1.Type1Container;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The legacy type1 container's dirty interface for the emulated devices in it: VFIO_IOMMU_DIRTY_PAGES START / STOP
 * and GET_BITMAP of all guest memory at the container's smallest page size (reference §5.4). Pages written through
 * {@code vfio_dma_rw} and pages still pinned are reported; with only emulated groups nothing is reported all-dirty.
 */
final class Type1DirtyTracker implements DirtyTracker {
    private final Type1Container container;
    private final long length;
    private final Set<String> devices;

    Type1DirtyTracker(Type1Container container, long length, Set<String> devices) {
        this.container = container;
        this.length = length;
        this.devices = new LinkedHashSet<>(devices);
    }

    @Override
    public String name() {
        return "type1";
    }

    @Override
    public TrackerKind kind() {
        return TrackerKind.TYPE1;
    }

    @Override
    public Set<String> sources() {
        return Set.copyOf(devices);
    }

    @Override
    public void start() {
        container.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_START);
    }

    @Override
    public DirtySet sync() {
        DirtySet out = new DirtySet();
        out.addBitmap(container.getDirtyBitmap(0, length, container.pgsize()));
        return out;
    }

    @Override
    public void stop() {
        container.dirtyPages(Type1Container.DIRTY_PAGES_FLAG_STOP);
    }
}

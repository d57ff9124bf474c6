package io.ioptexplorer.benchmarks.iommu;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommufd.Iommufd;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.sim.CostModel;

/** An AMD v1 4-level unit with a 512-entry 8-way IOTLB, a device, and {@code pages} 4 KiB pages mapped and tracked. */
public final class DmaRig {
    public static final long BASE = 1L << 24;

    public final GuestMemory memory;
    public final Iommufd iommufd;
    public final IommuUnit unit;
    public final IommuUnit.Port port;
    public final int hwpt;
    public final long pages;

    public DmaRig(long pages, InvalidationBatching batching) {
        this.pages = pages;
        memory = new GuestMemory(Math.max(64L << 20, pages * 4096), 4096);
        iommufd = new Iommufd(new TablePagePool(), 4096, EventSink.NONE);
        unit = new IommuUnit("amd0", IommuModel.AMD_V1, PageTableFormats.amdV1(4), 1, IommuFeatures.ALL, 512, 8,
                IommuFaults.NONE, batching, CostModel.defaults(), EventSink.NONE);
        port = unit.port("nic0");
        int ioas = iommufd.ioasAlloc();
        iommufd.setHugePages(ioas, false);
        int dev = iommufd.bindDevice(port);
        iommufd.ioasMap(ioas, BASE, pages * 4096, memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        hwpt = iommufd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        iommufd.attach(dev, hwpt);
        iommufd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
    }

    /** One simulated DMA write of 64 bytes to page {@code page}: translate, then bump the guest page's version. */
    public long write(long page) {
        long pa = port.access(BASE + (page << 12), true);
        memory.write(pa - memory.hostBase(), 64);
        return pa;
    }
}

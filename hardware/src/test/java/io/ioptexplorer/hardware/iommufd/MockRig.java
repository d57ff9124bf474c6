package io.ioptexplorer.hardware.iommufd;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.sim.CostModel;

/** A small machine for iommufd tests: guest memory, an iommufd, and units of one format with and without dirty. */
final class MockRig {
    /** MOCK_APERTURE_START (drivers/iommu/iommufd/iommufd_test.h). */
    static final long APERTURE_START = 1L << 24;

    final EventLog events = new EventLog();
    final TablePagePool pool = new TablePagePool();
    final GuestMemory memory;
    final Iommufd iommufd;

    MockRig(long memorySize, long backing) {
        memory = new GuestMemory(memorySize, backing);
        iommufd = new Iommufd(pool, backing, events);
    }

    IommuUnit unit(String id, IommuModel model, PageTableFormat format, boolean dirty, IommuFaults faults,
                   InvalidationBatching batching) {
        return new IommuUnit(id, model, format, 1, new IommuFeatures(dirty, dirty), 64, 4, faults, batching,
                CostModel.defaults(), events);
    }

    /** One DMA write of {@code size} bytes through the port; the guest page gets a new version. */
    static boolean dmaWrite(IommuUnit.Port port, GuestMemory memory, long iova, long size) {
        long pa = port.access(iova, true);
        if (pa < 0) {
            return false;
        }
        memory.write(pa - memory.hostBase(), size);
        return true;
    }
}

package io.ioptexplorer.hardware.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuFeatures;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.events.DmaFault;
import io.ioptexplorer.hardware.iommufd.Iommufd;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.sim.CostModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DmaDeviceTest {
    private static final long BASE = 1L << 24;
    private final EventLog events = new EventLog();
    private GuestMemory memory;
    private DmaDevice device;

    @BeforeEach
    void setUp() {
        memory = new GuestMemory(64L << 20, 4096);
        Iommufd fd = new Iommufd(new TablePagePool(), 4096, events);
        IommuUnit unit = new IommuUnit("vtd0", IommuModel.VTD_SS, PageTableFormats.vtdSecondStage(4), 1,
                IommuFeatures.ALL, 64, 4, IommuFaults.NONE, InvalidationBatching.GATHERED, CostModel.defaults(),
                events);
        device = new DmaDevice("nvme0", DeviceKind.STORAGE, unit.port("nvme0"), memory);
        int ioas = fd.ioasAlloc();
        int dev = fd.bindDevice(device.port());
        fd.ioasMap(ioas, BASE, 1L << 20, memory.hostPhysical(0), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE | Iommufd.IOAS_MAP_WRITEABLE);
        fd.ioasMap(ioas, BASE + (1L << 20), 1L << 20, memory.hostPhysical(1L << 20), Iommufd.IOAS_MAP_FIXED_IOVA
                | Iommufd.IOAS_MAP_READABLE);
        fd.attach(dev, fd.hwptAlloc(dev, ioas, 0));
    }

    @Test
    void aWriteAcrossPagesBumpsEveryGuestPageItTouches() {
        assertThat(device.dma(BASE + 4000, 200, true)).isEqualTo(200);
        assertThat(memory.version(0)).isEqualTo(1);
        assertThat(memory.version(1)).isEqualTo(1);
        assertThat(memory.version(2)).isZero();
    }

    @Test
    void writesToReadOnlyOrUnmappedPagesFaultAndAreCounted() {
        long done = device.dma(BASE + (1L << 20) - 4096, 8192, true); // last RW page, then first RO page
        assertThat(done).isEqualTo(4096);
        assertThat(device.dma(BASE + (8L << 20), 64, true)).isZero();
        assertThat(device.stats().faults()).isEqualTo(2);
        assertThat(events.ofType(DmaFault.class)).hasSize(2);
        assertThat(memory.version(256)).isZero();
    }

    @Test
    void stridedDmaWritesSizeBytesAtEveryStride() {
        device.dmaStrided(BASE, 64 * 1024, 8192, 8, true);
        for (int page = 0; page < 16; page++) {
            assertThat(memory.version(page)).as("page %d", page).isEqualTo(page % 2 == 0 ? 1 : 0);
        }
    }
}

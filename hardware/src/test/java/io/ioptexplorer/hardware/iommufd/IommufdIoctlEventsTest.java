package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.iommu.InvalidationBatching;
import io.ioptexplorer.hardware.iommu.IommuFaults;
import io.ioptexplorer.hardware.iommu.IommuModel;
import io.ioptexplorer.hardware.iommufd.events.IommufdEvents;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import org.junit.jupiter.api.Test;

/** Each iommufd ioctl emits its outcome; a refused one emits the errno and the reason, then still throws. */
class IommufdIoctlEventsTest {
    private static final long BASE = MockRig.APERTURE_START;
    private static final int FIXED = Iommufd.IOAS_MAP_FIXED_IOVA | Iommufd.IOAS_MAP_READABLE
            | Iommufd.IOAS_MAP_WRITEABLE;

    private final MockRig rig = new MockRig(64L << 20, 4096);
    private final Iommufd fd = rig.iommufd;

    private int mockDevice() {
        return fd.bindDevice(rig.unit("mock0", IommuModel.MOCK, PageTableFormats.mock(), true, IommuFaults.NONE,
                InvalidationBatching.GATHERED).port("d0"));
    }

    @Test
    void aRefusedIoctlEmitsItsErrnoAndReasonAndStillThrows() {
        int dev = mockDevice();
        int ioas = fd.ioasAlloc();
        int hwpt = fd.hwptAlloc(dev, ioas, 0);
        assertThatThrownBy(() -> fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        assertThat(rig.events.ofType(IommufdEvents.IoctlRefused.class)).singleElement().satisfies(e -> {
            assertThat(e.ioctl()).isEqualTo("IOMMU_HWPT_SET_DIRTY_TRACKING");
            assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP);
            assertThat(e.args()).isEqualTo("hwpt_id=" + hwpt + " flags=0x1");
            assertThat(e.why()).contains("IOMMU_HWPT_ALLOC_DIRTY_TRACKING");
        });
        assertThat(rig.events.ofType(IommufdEvents.DirtyTrackingSet.class)).isEmpty();
    }

    @Test
    void mapUnmapAndDetachReportWhatTheyDid() {
        int dev = mockDevice();
        int ioas = fd.ioasAlloc();
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.attach(dev, hwpt);
        fd.ioasMap(ioas, BASE, 8192, rig.memory.hostPhysical(0), FIXED);
        fd.ioasUnmap(ioas, BASE, 8192);
        fd.detach(dev);
        assertThat(rig.events.ofType(IommufdEvents.IoasMapped.class)).singleElement()
                .isEqualTo(new IommufdEvents.IoasMapped(ioas, BASE, 8192, rig.memory.hostPhysical(0), FIXED));
        assertThat(rig.events.ofType(IommufdEvents.IoasUnmapped.class)).singleElement()
                .isEqualTo(new IommufdEvents.IoasUnmapped(ioas, BASE, 8192, 8192));
        assertThat(rig.events.ofType(IommufdEvents.DeviceDetached.class)).singleElement()
                .isEqualTo(new IommufdEvents.DeviceDetached("d0", hwpt));
        assertThatThrownBy(() -> fd.detach(dev)).isInstanceOf(ErrnoException.class);
        assertThat(rig.events.ofType(IommufdEvents.IoctlRefused.class)).singleElement()
                .satisfies(e -> assertThat(e.ioctl()).isEqualTo("VFIO_DEVICE_DETACH_IOMMUFD_PT"));
    }

    @Test
    void aDisabledSinkReceivesNothing() {
        int[] emitted = {0};
        EventSink off = new EventSink() {
            @Override
            public void emit(SimEvent event) {
                emitted[0]++;
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
        Iommufd quiet = new Iommufd(new TablePagePool(), 4096, off);
        quiet.ioasAlloc();
        assertThatThrownBy(() -> quiet.ioasUnmap(1, BASE, 4096)).isInstanceOf(ErrnoException.class);
        assertThat(emitted[0]).isZero();
    }
}

package io.ioptexplorer.hardware.iommufd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
    void everySuccessfulIoctlEmitsItsOutcomeWithItsArguments() {
        int dev = mockDevice();
        int ioas = fd.ioasAlloc();
        fd.setHugePages(ioas, false);
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        int plain = fd.hwptAlloc(dev, ioas, 0);
        fd.attach(dev, hwpt);
        HwInfo info = fd.getHwInfo(dev);
        fd.setDirtyTracking(hwpt, Iommufd.HWPT_DIRTY_TRACKING_ENABLE);
        fd.setDirtyTracking(hwpt, 0);
        assertThat(rig.events.ofType(IommufdEvents.IoasAllocated.class)).containsExactly(
                new IommufdEvents.IoasAllocated(ioas));
        assertThat(rig.events.ofType(IommufdEvents.HugePagesSet.class)).containsExactly(
                new IommufdEvents.HugePagesSet(ioas, false));
        assertThat(rig.events.ofType(IommufdEvents.HwptAllocated.class)).containsExactly(
                new IommufdEvents.HwptAllocated("d0", "mock0", ioas, hwpt, true),
                new IommufdEvents.HwptAllocated("d0", "mock0", ioas, plain, false));
        assertThat(rig.events.ofType(IommufdEvents.DeviceAttached.class)).containsExactly(
                new IommufdEvents.DeviceAttached("d0", hwpt));
        // IOMMU_HW_CAP_DIRTY_TRACKING (bit 0 of out_capabilities), as iommufd_get_hw_info reports it
        assertThat(info.outCapabilities()).isEqualTo(HwInfo.IOMMU_HW_CAP_DIRTY_TRACKING);
        assertThat(rig.events.ofType(IommufdEvents.HwInfoRead.class)).containsExactly(
                new IommufdEvents.HwInfoRead("d0", "mock0", IommuModel.MOCK.key(), 1L));
        assertThat(rig.events.ofType(IommufdEvents.DirtyTrackingSet.class)).containsExactly(
                new IommufdEvents.DirtyTrackingSet(hwpt, true), new IommufdEvents.DirtyTrackingSet(hwpt, false));
        assertThat(rig.events.ofType(IommufdEvents.IoctlRefused.class)).isEmpty();
    }

    @Test
    void everyRefusedIoctlNamesItselfItsArgumentsAndItsErrno() {
        int dev = mockDevice();
        int ioas = fd.ioasAlloc();
        int hwpt = fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING);
        fd.ioasMap(ioas, BASE, 8192, rig.memory.hostPhysical(0), FIXED);
        rig.events.clear();
        assertThatThrownBy(() -> fd.setHugePages(ioas, false)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> fd.ioasMap(ioas, BASE, 4096, 0, FIXED)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> fd.ioasUnmap(ioas, BASE, 4096)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> fd.hwptAlloc(dev, ioas, Iommufd.HWPT_ALLOC_DIRTY_TRACKING | 1 << 7))
                .isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> fd.hwptAlloc(dev, ioas, 1 << 7)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> fd.attach(dev, 999)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> fd.getHwInfo(999)).isInstanceOf(ErrnoException.class);
        assertThat(rig.events.ofType(IommufdEvents.IoctlRefused.class)).extracting(
                IommufdEvents.IoctlRefused::ioctl, IommufdEvents.IoctlRefused::args,
                IommufdEvents.IoctlRefused::errno).containsExactly(
                tuple("IOMMU_OPTION (IOMMU_OPTION_HUGE_PAGES)", "object_id=" + ioas + " val64=0", Errno.EINVAL),
                tuple("IOMMU_IOAS_MAP", String.format("ioas_id=%d iova=0x%x length=0x1000 flags=0x%x", ioas, BASE,
                        FIXED), Errno.EEXIST),
                tuple("IOMMU_IOAS_UNMAP", String.format("ioas_id=%d iova=0x%x length=0x1000", ioas, BASE),
                        Errno.ENOENT),
                tuple("IOMMU_HWPT_ALLOC", "dev_id=" + dev + " pt_id=" + ioas
                        + " flags=0x82 (IOMMU_HWPT_ALLOC_DIRTY_TRACKING)", Errno.EOPNOTSUPP),
                tuple("IOMMU_HWPT_ALLOC", "dev_id=" + dev + " pt_id=" + ioas + " flags=0x80", Errno.EOPNOTSUPP),
                tuple("VFIO_DEVICE_ATTACH_IOMMUFD_PT", "dev_id=" + dev + " pt_id=999", Errno.ENOENT),
                tuple("IOMMU_GET_HW_INFO", "dev_id=999", Errno.ENOENT));
        assertThat(rig.events.events()).hasSize(7); // and nothing else: no outcome event for a refusal
        assertThat(hwpt).isPositive();
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
        int ioas = quiet.ioasAlloc();
        assertThatThrownBy(() -> quiet.ioasUnmap(ioas, BASE, 4096)).isInstanceOf(ErrnoException.class);
        quiet.setHugePages(ioas, false);
        assertThatThrownBy(() -> quiet.ioasMap(ioas, BASE, 0, 0, FIXED)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> quiet.hwptAlloc(7, ioas, 0)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> quiet.attach(7, 8)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> quiet.getHwInfo(7)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> quiet.setDirtyTracking(8, 1)).isInstanceOf(ErrnoException.class);
        assertThatThrownBy(() -> quiet.setHugePages(99, true)).isInstanceOf(ErrnoException.class);
        assertThat(emitted[0]).isZero();
    }
}

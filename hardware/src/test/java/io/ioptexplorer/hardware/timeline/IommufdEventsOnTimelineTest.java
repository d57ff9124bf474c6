package io.ioptexplorer.hardware.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommufd.events.IommufdEvents;
import io.ioptexplorer.hardware.scenario.Topology;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tour's setup steps each show their iommufd ioctl on the timeline, with the kernel's name (include/uapi/linux/
 * iommufd.h, vfio.h for attach) and the arguments the file gave.
 */
class IommufdEventsOnTimelineTest {
    private static final Set<EventKind> IOCTLS = Set.of(EventKind.IOAS_ALLOCATED, EventKind.IOAS_MAPPED,
            EventKind.IOAS_UNMAPPED, EventKind.HUGE_PAGES_SET, EventKind.HWPT_ALLOCATED, EventKind.DEVICE_ATTACHED,
            EventKind.DEVICE_DETACHED, EventKind.HW_INFO_READ, EventKind.DIRTY_TRACKING_SET,
            EventKind.IOCTL_REFUSED);

    @Test
    void theToursFirstStepsEmitTheirIoctlsInOrder() throws Exception {
        Topology t = Samples.load("tour-dirty-tracking-basics.yaml");
        List<TimelineEvent> setup = Samples.fullRun(t).stream()
                .filter(e -> e.step() >= 0 && e.step() <= 6 && IOCTLS.contains(e.kind())).toList();

        assertThat(setup).extracting(TimelineEvent::step).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(setup).extracting(e -> e.info().name()).containsExactly("IOMMU_GET_HW_INFO", "IOMMU_IOAS_ALLOC",
                "IOMMU_IOAS_MAP", "IOMMU_IOAS_MAP", "IOMMU_HWPT_ALLOC (IOMMU_HWPT_ALLOC_DIRTY_TRACKING)",
                "VFIO_DEVICE_ATTACH_IOMMUFD_PT", "IOMMU_HWPT_SET_DIRTY_TRACKING");
        assertThat(setup).extracting(TimelineEvent::seq).isSorted();
        // the tour's arguments: ioas-map {iova: 0x100000, length: 64KiB}, then {0x200000, 2MiB}
        IommufdEvents.IoasMapped first = (IommufdEvents.IoasMapped) setup.get(2).event();
        IommufdEvents.IoasMapped second = (IommufdEvents.IoasMapped) setup.get(3).event();
        assertThat(List.of(first.iova(), first.length(), second.iova(), second.length()))
                .containsExactly(0x100000L, 64L << 10, 0x200000L, 2L << 20);
        IommufdEvents.HwptAllocated hwpt = (IommufdEvents.HwptAllocated) setup.get(4).event();
        assertThat(hwpt.device()).isEqualTo("nic0");
        assertThat(hwpt.dirtyTracking()).isTrue();
        assertThat(((IommufdEvents.DeviceAttached) setup.get(5).event()).hwptId()).isEqualTo(hwpt.hwptId());
        assertThat(((IommufdEvents.DirtyTrackingSet) setup.get(6).event()).enabled()).isTrue();
        assertThat(setup.get(0).info().fields()).containsEntry("device", "nic0");
    }

    /** The VMM's summaries of its set-up follow the ioctls; they must not read as the same ioctl issued twice. */
    @Test
    void theMachinesAssemblyNamesEachIoctlOnce() throws Exception {
        for (String sample : List.of("stale-iotlb-hazard.yaml", "smmuv3-gpu-eager-vs-lazy.yaml")) {
            List<TimelineEvent> assembly = Samples.fullRun(Samples.load(sample)).stream()
                    .filter(e -> e.step() < 0 && e.kind() != EventKind.ENTRY_UPDATED
                            && e.kind() != EventKind.LEAF_MAPPED && e.kind() != EventKind.TABLE_ALLOCATED).toList();
            var kindsByName = new java.util.HashMap<String, Set<EventKind>>();
            for (TimelineEvent e : assembly) {
                kindsByName.computeIfAbsent(e.info().name(), n -> new java.util.HashSet<>()).add(e.kind());
            }
            assertThat(kindsByName).as(sample).allSatisfy((name, kinds) -> assertThat(kinds).as(name).hasSize(1));
            assertThat(kindsByName).containsKeys("IOMMU_IOAS_MAP", "IOMMU_GET_HW_INFO",
                    "VMM: guest RAM in the IOAS", "VMM: dirty tracking negotiated");
        }
    }

    @Test
    void theToursTraceWithTheIoctlsIsTheSameBytesAcrossTwoRuns() throws Exception {
        Topology t = Samples.load("tour-dirty-tracking-basics.yaml");
        String first = trace(t);
        assertThat(first).contains("\"kind\":\"ioas-mapped\"").contains("\"name\":\"IOMMU_IOAS_MAP\"");
        assertThat(trace(Samples.load("tour-dirty-tracking-basics.yaml"))).isEqualTo(first);
    }

    private static String trace(Topology t) {
        StringBuilder b = new StringBuilder();
        for (TimelineEvent e : Samples.fullRun(t)) {
            b.append(TimelineJson.line(e)).append('\n');
        }
        return b.toString();
    }
}

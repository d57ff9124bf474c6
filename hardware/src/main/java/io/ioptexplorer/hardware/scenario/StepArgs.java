package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The typed arguments of each step operation; one record per operation, named after it. Sizes are bytes, times are
 * nanoseconds, ids are the names given in the file. A runner switches over this sealed interface.
 */
public sealed interface StepArgs {

    /** A range of IOVA. */
    record Range(long iova, long length) {
        public long end() {
            return iova + length;
        }
    }

    enum Prot implements YamlName {
        R, W, RW;

        public boolean read() {
            return this != W;
        }

        public boolean write() {
            return this != R;
        }
    }

    /** IOMMU_IOAS_ALLOC. */
    record IoasAlloc(String id) implements StepArgs {
    }

    /** IOMMU_OPTION on an IOAS (IOMMU_OPTION_HUGE_PAGES). */
    record IoasOption(String ioas, boolean hugePages) implements StepArgs {
    }

    /**
     * IOMMU_IOAS_MAP of guest memory. {@code iova} empty: the kernel picks one (no IOMMU_IOAS_MAP_FIXED_IOVA).
     * {@code guestAddress}: where in guest memory the mapped pages come from (default: the iova, as a VMM maps).
     */
    record IoasMap(String ioas, OptionalLong iova, long length, Prot prot, OptionalLong guestAddress)
            implements StepArgs {
    }

    /** IOMMU_IOAS_UNMAP. */
    record IoasUnmap(String ioas, long iova, long length) implements StepArgs {
    }

    /** IOMMU_HWPT_ALLOC for {@code device} on {@code ioas}; flags DIRTY_TRACKING and NEST_PARENT. */
    record HwptAlloc(String id, String device, String ioas, boolean dirtyTracking, boolean nestParent)
            implements StepArgs {
    }

    /** Attach a device to a HWPT, or to an IOAS (the kernel then picks or makes a domain). */
    record Attach(String device, Optional<String> hwpt, Optional<String> ioas) implements StepArgs {
        /** The HWPT or IOAS id. */
        public String target() {
            return hwpt.orElseGet(ioas::get);
        }
    }

    record Detach(String device) implements StepArgs {
    }

    /** IOMMU_GET_HW_INFO. */
    record GetHwInfo(String device) implements StepArgs {
    }

    /** IOMMU_HWPT_SET_DIRTY_TRACKING. */
    record SetDirtyTracking(String hwpt, boolean enable) implements StepArgs {
    }

    /** IOMMU_HWPT_GET_DIRTY_BITMAP; {@code noClear} is IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR. */
    record GetDirtyBitmap(String hwpt, long iova, long length, long pageSize, boolean noClear) implements StepArgs {
    }

    /**
     * DMA by a device: {@code size} bytes at every {@code stride} from {@code iova} to {@code iova + length}. Without
     * {@code stride} in the file, stride and size are both {@code length} (one access).
     */
    record Dma(String device, long iova, long length, boolean write, long stride, long size) implements StepArgs {
        public long accesses() {
            return (length + stride - 1) / stride;
        }
    }

    /**
     * Let workloads run for {@code duration} ns. {@code source}: a device id, or {@code vcpus}; empty: every
     * workload of the topology. {@code override}: a workload given inline replacing the configured one.
     */
    record Workload(Optional<String> source, long duration, Optional<WorkloadSpec> override) implements StepArgs {
        public static final String VCPUS = "vcpus";
    }

    /** The vCPUs write {@code size} bytes at every {@code stride} of guest memory from {@code gpa}. */
    record VcpuWrite(long gpa, long length, long stride, long size) implements StepArgs {
    }

    /** Split IOMMU leaves in a range down to {@code pageSize} (default: the IOMMU's smallest). */
    record Split(String hwpt, long iova, long length, OptionalLong pageSize) implements StepArgs {
    }

    /** Collapse leaves in a range back into the largest leaves allowed. */
    record Collapse(String hwpt, long iova, long length) implements StepArgs {
    }

    /** Invalidate the IOTLB of one IOMMU or of one HWPT's domain; the whole of it, or one range. */
    record IotlbInvalidate(Optional<String> iommu, Optional<String> hwpt, Optional<Range> range)
            implements StepArgs {
    }

    /** VFIO_DEVICE_FEATURE_DMA_LOGGING_START. */
    record DmaLoggingStart(String device, List<Range> ranges, long pageSize) implements StepArgs {
        public DmaLoggingStart {
            ranges = List.copyOf(ranges);
        }
    }

    /** VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT. */
    record DmaLoggingReport(String device, long iova, long length, long pageSize) implements StepArgs {
    }

    /** VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP. */
    record DmaLoggingStop(String device) implements StepArgs {
    }

    enum Type1Action implements YamlName { START, STOP, GET_BITMAP }

    /** VFIO_IOMMU_DIRTY_PAGES on the legacy type1 container; range and page size only for get-bitmap. */
    record Type1Dirty(Type1Action action, Optional<Range> range, OptionalLong pageSize) implements StepArgs {
    }

    /** VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE: move the device to {@code state}. */
    record MigState(String device, VfioMigState state) implements StepArgs {
    }

    /** Run a whole migration with these settings (the topology's, with any keys given in the step overriding). */
    /** The VMM hot-plugs a device declared with {@code hotplug: true} into the running VM. */
    record Hotplug(String device) implements StepArgs {
    }

    record Migrate(MigrationSpec settings) implements StepArgs {
    }

    /** A caption only. */
    record Narrate(String text) implements StepArgs {
    }
}

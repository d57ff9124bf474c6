package io.ioptexplorer.hardware.machine;

import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.kvm.VcpuWorkload;
import java.util.Objects;

/**
 * The guest's vCPUs: how many, their write workload (null = idle) and KVM's dirty-log interface.
 *
 * @param ringEntries   entries per vCPU dirty ring (DIRTY_RING mode only; a power of two)
 * @param manualProtect KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 (BITMAP mode only): GET does not clear, CLEAR does
 */
public record VcpuSpec(int count, VcpuWorkload.Config workload, VcpuDirtyLog.Mode mode, int ringEntries,
                       boolean manualProtect) {
    public VcpuSpec {
        Objects.requireNonNull(mode, "mode");
        if (count <= 0) {
            throw new IllegalArgumentException("need at least one vCPU");
        }
        if (workload != null && workload.vcpus() > count) {
            throw new IllegalArgumentException("workload drives " + workload.vcpus() + " vCPUs, machine has " + count);
        }
    }

    public static VcpuSpec idle(int count) {
        return new VcpuSpec(count, null, VcpuDirtyLog.Mode.BITMAP, 0, false);
    }

    public static VcpuSpec bitmap(VcpuWorkload.Config workload) {
        return new VcpuSpec(workload.vcpus(), workload, VcpuDirtyLog.Mode.BITMAP, 0, false);
    }

    public static VcpuSpec dirtyRing(VcpuWorkload.Config workload, int ringEntries) {
        return new VcpuSpec(workload.vcpus(), workload, VcpuDirtyLog.Mode.DIRTY_RING, ringEntries, false);
    }
}

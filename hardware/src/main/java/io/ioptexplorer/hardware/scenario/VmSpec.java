package io.ioptexplorer.hardware.scenario;

import java.util.Optional;

/**
 * The guest.
 *
 * @param memory       guest memory in bytes
 * @param vcpus        number of vCPUs (default 1)
 * @param hugepages    backing page size of guest memory (default 4 KiB); mappings use leaves no larger than this
 * @param vcpuWorkload what the vCPUs write, if anything
 * @param dirtyLog     how KVM reports vCPU writes
 */
public record VmSpec(long memory, int vcpus, long hugepages, Optional<WorkloadSpec> vcpuWorkload, DirtyLog dirtyLog,
        SourceLocation location) {

    public enum DirtyLogMode implements YamlName { BITMAP, RING }

    /** KVM dirty logging: a bitmap, or a dirty ring of {@code ringSize} entries (0 for the bitmap). */
    public record DirtyLog(DirtyLogMode mode, int ringSize) {
        public static final DirtyLog BITMAP = new DirtyLog(DirtyLogMode.BITMAP, 0);
        public static final int DEFAULT_RING_SIZE = 4096;
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.scenario.YNode.YMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code vm} section and workloads (of the vCPUs, of devices and of workload steps).
 * Split out of {@link TopologyLoader}; problems go to the loader.
 */
final class VmSection {
    private final TopologyLoader loader;

    VmSection(TopologyLoader loader) {
        this.loader = loader;
    }

    VmSpec vm(YMap m, List<IommuSpec> iommus) {
        Args a = new Args(loader, m, "vm", m.location());
        Long memory = a.size("memory", true);
        Long vcpus = a.integer("vcpus", false, 1, 4096);
        Long hugepages = a.size("hugepages", false);
        YMap workloadMap = a.map("vcpu-workload", false);
        YMap dirtyLogMap = a.map("dirty-log", false);
        a.finish();
        boolean ok = memory != null && (vcpus != null || !a.has("vcpus"))
                && (hugepages != null || !a.has("hugepages"));
        if (memory != null && memory > io.ioptexplorer.hardware.kvm.VcpuDirtyLog.MAX_GUEST_MEMORY) {
            long max = io.ioptexplorer.hardware.kvm.VcpuDirtyLog.MAX_GUEST_MEMORY;
            loader.problem(a.at("memory"), "'memory' in vm is " + Units.formatSize(memory)
                    + ", more than the simulator can"
                    + " carry: the largest guest it can simulate has " + Units.formatSize(max) + " ("
                    + IovaMath.hex(max)
                    + " bytes, one KVM dirty bitmap of at most 2^31-1 words); use at most that");
            memory = null;
            ok = false;
        } else if (memory != null && memory == 0) {
            loader.problem(a.at("memory"), "'memory' in vm is 0; give the guest some memory, such as 4GiB");
            ok = false;
        }
        long backing = hugepages == null ? 4 * Units.KiB : hugepages;
        if (hugepages != null) {
            Set<Long> usable = new java.util.TreeSet<>();
            usable.add(4 * Units.KiB);
            for (IommuSpec i : iommus) {
                usable.addAll(i.pageSizes());
            }
            if (!TopologyLoader.isPowerOfTwo(hugepages)) {
                loader.problem(a.at("hugepages"), "'hugepages' in vm is " + Units.formatSize(hugepages)
                        + ", not a power of"
                        + " two; page sizes are powers of two such as 4KiB, 2MiB or 1GiB");
                ok = false;
            } else if (!usable.contains(hugepages)) {
                loader.problem(a.at("hugepages"), "'hugepages' in vm is " + Units.formatSize(hugepages)
                        + ", a page size"
                        + " no IOMMU here can use; use one of " + usable.stream().filter(s -> s <= 64 * Units.GiB)
                        .map(Units::formatSize).map(s -> s.replace(" ", "")).collect(Collectors.joining(", ")));
                ok = false;
            } else if (memory != null && memory % hugepages != 0) {
                loader.problem(a.at("memory"), "'memory' in vm (" + Units.formatSize(memory)
                        + ") is not a whole number of"
                        + " " + Units.formatSize(hugepages) + " huge pages; make it a multiple of 'hugepages'");
                ok = false;
            }
        }
        long mem = memory == null ? Long.MAX_VALUE : memory;
        WorkloadSpec workload = null;
        if (workloadMap != null) {
            workload = workload(new Args(loader, workloadMap, "vm vcpu-workload", workloadMap.location()), mem);
            ok &= workload != null;
        }
        VmSpec.DirtyLog dirtyLog = VmSpec.DirtyLog.BITMAP;
        if (dirtyLogMap != null) {
            Args d = new Args(loader, dirtyLogMap, "vm dirty-log", dirtyLogMap.location());
            VmSpec.DirtyLogMode mode = d.enumValue("mode", VmSpec.DirtyLogMode.class, true, "dirty-log mode");
            Long ring = d.integer("ring-size", false, 1, Integer.MAX_VALUE);
            d.finish();
            if (mode == null || (ring == null && d.has("ring-size"))) {
                ok = false;
            } else if (mode == VmSpec.DirtyLogMode.BITMAP && ring != null) {
                loader.problem(d.keyAt("ring-size"), "'ring-size' in vm dirty-log applies to mode: ring only; remove it or"
                        + " set mode: ring");
                ok = false;
            } else if (ring != null && (!TopologyLoader.isPowerOfTwo(ring) || ring < 16 || ring > 65536)) {
                loader.problem(d.at("ring-size"), "'ring-size' in vm dirty-log is " + ring + "; KVM dirty rings hold a"
                        + " power of two between 16 and 65536 entries, such as 4096");
                ok = false;
            } else {
                dirtyLog = new VmSpec.DirtyLog(mode, mode == VmSpec.DirtyLogMode.RING
                        ? (ring == null ? VmSpec.DirtyLog.DEFAULT_RING_SIZE : ring.intValue()) : 0);
            }
        }
        if (!ok) {
            return null;
        }
        return new VmSpec(memory, vcpus == null ? 1 : vcpus.intValue(), backing, Optional.ofNullable(workload),
                dirtyLog, m.location());
    }

    WorkloadSpec workload(Args a, long memory) {
        Long rate = a.rate("rate", true);
        Long size = a.size("size", false);
        WorkloadSpec.Pattern pattern = a.enumValue("pattern", WorkloadSpec.Pattern.class, false, "pattern");
        Long workingSet = a.size("working-set", false);
        Double readRatio = a.ratio("read-ratio");
        a.finish();
        boolean ok = rate != null && (size != null || !a.has("size")) && (pattern != null || !a.has("pattern"))
                && (workingSet != null || !a.has("working-set")) && (readRatio != null || !a.has("read-ratio"));
        long sz = size == null ? WorkloadSpec.DEFAULT_SIZE : size;
        long ws = workingSet == null ? (memory == Long.MAX_VALUE ? 0 : memory) : workingSet;
        if (size != null && size == 0) {
            loader.problem(a.at("size"), "'size' in " + a.context
                    + " is 0; each access moves at least 1 byte, such as 4KiB");
            ok = false;
        }
        if (workingSet != null && workingSet == 0) {
            loader.problem(a.at("working-set"), "'working-set' in " + a.context + " is 0; give it some memory, such as"
                    + " 32MiB");
            ok = false;
        } else if (workingSet != null && memory != Long.MAX_VALUE && workingSet > memory) {
            loader.problem(a.at("working-set"), "'working-set' in " + a.context + " (" + Units.formatSize(workingSet)
                    + ") is larger than the guest memory (" + Units.formatSize(memory) + "); make it at most"
                    + " vm.memory");
            ok = false;
        } else if (ok && ws > 0 && sz > ws) {
            loader.problem(a.at("size"), "'size' in " + a.context + " (" + Units.formatSize(sz) + ") is larger than the"
                    + " working set (" + Units.formatSize(ws) + ")");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new WorkloadSpec(rate, sz, pattern == null ? WorkloadSpec.Pattern.RANDOM : pattern, ws,
                readRatio == null ? 0.0 : readRatio, a.where);
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.ioptexplorer.hardware.scenario.StepParser.Parsed;

/**
 * The ordered checks of a topology's steps: tracks the IOAS and HWPT objects earlier steps (or the VMM) create and
 * checks each step against them (references, alignment, overlaps, attach compatibility). Split out of
 * {@link TopologyLoader}; problems go to the loader.
 */
final class StepChecker {
    private final TopologyLoader loader;
    private final StepParser parser;

    private final class Ioas {
        final String id;
        final Set<IommuSpec> iommus = new LinkedHashSet<>();
        final List<long[]> maps = new ArrayList<>(); // {iova, end, line, column}

        Ioas(String id) {
            this.id = id;
        }
    }

    private record Hwpt(String id, Ioas ioas, IommuSpec iommu) {
    }

    final boolean implicit;
    final Map<String, Ioas> ioases = new LinkedHashMap<>();
    final Map<String, Hwpt> hwpts = new LinkedHashMap<>();
    final Map<String, SourceLocation> definedAt = new LinkedHashMap<>();
    /** ids whose defining step expects an error, so they never exist. */
    final Map<String, Parsed> failedDefinitions = new LinkedHashMap<>();
    /** ids defined anywhere in the file, to say "defined later". */
    final Map<String, SourceLocation> definedLater = new LinkedHashMap<>();

    StepChecker(TopologyLoader loader, StepParser parser, boolean implicit) {
        this.loader = loader;
        this.parser = parser;
        this.implicit = implicit;
        if (implicit) {
            Ioas vmm = new Ioas(Topology.IMPLICIT_IOAS);
            if (parser.vm != null) {
                vmm.maps.add(new long[] {0, parser.vm.memory(), 0, 0});
            }
            for (DeviceSpec d : parser.devices) {
                d.iommu().map(parser.iommuById::get).ifPresent(vmm.iommus::add);
            }
            ioases.put(vmm.id, vmm);
            for (IommuSpec i : parser.iommus) {
                String id = Topology.implicitHwpt(i.id());
                hwpts.put(id, new Hwpt(id, vmm, i));
            }
        }
    }

    void check(List<Parsed> steps) {
        for (Parsed p : steps) {
            if (p.args() instanceof StepArgs.IoasAlloc x) {
                definedLater.putIfAbsent(x.id(), p.location());
            } else if (p.args() instanceof StepArgs.HwptAlloc x) {
                definedLater.putIfAbsent(x.id(), p.location());
            }
        }
        for (Parsed p : steps) {
            if (p.args() != null) {
                check(p, p.expectError() != null);
            }
        }
    }

    private SourceLocation at(Parsed p, String key) {
        if (p.argMap() == null) {
            return p.location();
        }
        YEntry e = p.argMap().entry(key);
        return e == null ? p.argMap().location() : e.value().location();
    }

    private DeviceSpec device(Parsed p, String id) {
        DeviceSpec d = parser.deviceById.get(id);
        if (d == null && !loader.declaredDevices.contains(id)) {
            List<String> ids = new ArrayList<>(loader.declaredDevices);
            loader.problem(at(p, "device"), p.op() + " names device '" + id + "', which is not defined"
                    + Suggest.didYouMean(id, ids) + (ids.isEmpty() ? "; add it under 'devices'"
                    : " (devices: " + String.join(", ", ids) + ")"));
        }
        return d;
    }

    private <T> T ref(Parsed p, String key, String id, Map<String, T> objects, String kind,
            String allocOp) {
        T o = objects.get(id);
        if (o != null) {
            return o;
        }
        Parsed failed = failedDefinitions.get(id);
        SourceLocation later = definedLater.get(id);
        String msg;
        if (failed != null && failed.location().compareTo(p.location()) < 0) {
            msg = kind + " '" + id + "' in " + p.op() + " never exists: the " + failed.op() + " at line "
                    + failed.location().line() + " expects it to fail with " + failed.expectError()
                    + "; refer to an object that was created";
        } else if (later != null && later.compareTo(p.location()) > 0) {
            msg = kind + " '" + id + "' in " + p.op() + " is used before the " + allocOp + " at line "
                    + later.line() + " that creates it; move that step earlier";
        } else if (objects.isEmpty()) {
            msg = kind + " '" + id + "' in " + p.op() + " is not defined; no " + kind + " exists yet, so add"
                    + " an " + allocOp + " step before this one";
        } else {
            msg = kind + " '" + id + "' in " + p.op() + " is not defined by an earlier step"
                    + Suggest.didYouMean(id, objects.keySet()) + " (defined so far: "
                    + String.join(", ", objects.keySet()) + ")";
        }
        loader.problem(at(p, key), msg);
        return null;
    }

    private boolean newId(Parsed p, String id) {
        SourceLocation prev = definedAt.get(id);
        if (prev != null) {
            loader.problem(at(p, "id"), "id '" + id + "' in " + p.op() + " is already used by the step at line "
                    + prev.line() + "; give each IOAS and HWPT its own id");
            return false;
        }
        return true;
    }

    /** The alignment of mappings in an IOAS: the largest smallest-page of its IOMMUs, else of all. */
    private long granule(Ioas ioas, StringBuilder why) {
        Set<IommuSpec> set = ioas.iommus.isEmpty() ? new LinkedHashSet<>(parser.iommus) : ioas.iommus;
        long g = 0;
        IommuSpec by = null;
        for (IommuSpec i : set) {
            long s = i.smallestPageSize();
            if (ioas.iommus.isEmpty() ? (g == 0 || s < g) : s > g) {
                g = s;
                by = i;
            }
        }
        if (by == null) {
            why.append("the base page size");
            return 4 * Units.KiB;
        }
        why.append(ioas.iommus.isEmpty() ? "the smallest page size among this topology's IOMMUs ("
                + by.id() + ", " + by.model().yamlName() + ")"
                : "the smallest page size of " + by.id() + " (" + by.model().yamlName()
                + "), whose devices use ioas '" + ioas.id + "'");
        return g;
    }

    private boolean aligned(Parsed p, String key, long value, long granule, String why) {
        if (value % granule == 0) {
            return true;
        }
        long down = value - value % granule;
        loader.problem(at(p, key), "'" + key + "' " + TopologyLoader.hex(value) + " in " + p.op() + " is not aligned to "
                + Units.formatSize(granule) + ", " + why + "; use a multiple of " + TopologyLoader.hex(granule) + " such as "
                + TopologyLoader.hex(down) + " or " + TopologyLoader.hex(down + granule));
        return false;
    }

    private boolean pageSize(Parsed p, String key, long ps) {
        if (TopologyLoader.isPowerOfTwo(ps)) {
            return true;
        }
        long lower = ps == 0 ? 1 : Long.highestOneBit(ps);
        loader.problem(at(p, key), "'" + key + "' " + Units.formatSize(ps) + " in " + p.op() + " is impossible:"
                + " page sizes are powers of two; use " + Units.formatSize(lower).replace(" ", "")
                + (lower < (1L << 62) && ps != 0 ? " or " + Units.formatSize(lower * 2).replace(" ", "")
                : ""));
        return false;
    }

    private boolean inGuest(Parsed p, String key, long addr, long length) {
        if (parser.vm == null) {
            return true;
        }
        if (addr > parser.vm.memory() || length > parser.vm.memory() - addr) {
            loader.problem(at(p, key), p.op() + " range " + TopologyLoader.hex(addr) + ".." + TopologyLoader.hex(addr + length)
                    + " is outside guest memory (" + Units.formatSize(parser.vm.memory()) + ", up to "
                    + TopologyLoader.hex(parser.vm.memory()) + "); keep it within vm.memory");
            return false;
        }
        return true;
    }

    private boolean noWrap(Parsed p, String key, long iova, long length) {
        if (length > 0 && iova + length - 1 < iova) {
            loader.problem(at(p, key), p.op() + " range starting at " + TopologyLoader.hex(iova) + " with length "
                    + Units.formatSize(length) + " runs past the largest IOVA, 0x7fffffffffffffff; end it"
                    + " below that");
            return false;
        }
        return true;
    }

    private void addIommu(Parsed p, Ioas ioas, IommuSpec iommu) {
        if (iommu == null || ioas.iommus.contains(iommu)) {
            return;
        }
        long g = iommu.smallestPageSize();
        for (long[] m : ioas.maps) {
            if (m[0] % g != 0 || m[1] % g != 0) {
                loader.problem(p.location(), p.op() + " puts " + iommu.id() + " (" + iommu.model().yamlName()
                        + ", " + Units.formatSize(g) + " pages) under ioas '" + ioas.id + "', whose mapping "
                        + TopologyLoader.hex(m[0]) + ".." + TopologyLoader.hex(m[1]) + " (line " + m[2] + ") is not aligned to "
                        + Units.formatSize(g) + "; the kernel refuses this with EINVAL; align the mapping or"
                        + " add expect-error: EINVAL");
                return;
            }
        }
        ioas.iommus.add(iommu);
    }

    private void check(Parsed p, boolean fails) {
        StepArgs args = p.args();
        if (args instanceof StepArgs.IoasAlloc x) {
            if (fails) {
                failedDefinitions.putIfAbsent(x.id(), p);
            } else if (newId(p, x.id())) {
                ioases.put(x.id(), new Ioas(x.id()));
                definedAt.put(x.id(), p.location());
            }
        } else if (args instanceof StepArgs.IoasOption x) {
            if (!fails) {
                ref(p, "ioas", x.ioas(), ioases, "ioas", "ioas-alloc");
            }
        } else if (args instanceof StepArgs.IoasMap x) {
            Ioas ioas = fails ? null : ref(p, "ioas", x.ioas(), ioases, "ioas", "ioas-alloc");
            long ga = x.guestAddress().orElse(x.iova().orElse(0));
            inGuest(p, x.guestAddress().isPresent() ? "guest-address" : "iova", ga, x.length());
            if (ioas == null) {
                return;
            }
            if (x.length() == 0) {
                loader.problem(at(p, "length"), "'length' in ioas-map is 0; map at least one page");
                return;
            }
            StringBuilder why = new StringBuilder();
            long g = granule(ioas, why);
            boolean ok = x.iova().isEmpty() || aligned(p, "iova", x.iova().getAsLong(), g, why.toString());
            ok &= aligned(p, "length", x.length(), g, why.toString());
            if (!ok || x.iova().isEmpty() || !noWrap(p, "iova", x.iova().getAsLong(), x.length())) {
                return;
            }
            long start = x.iova().getAsLong();
            long end = start + x.length();
            for (long[] m : ioas.maps) {
                if (start < m[1] && m[0] < end) {
                    loader.problem(at(p, "iova"), "ioas-map range " + TopologyLoader.hex(start) + ".." + TopologyLoader.hex(end) + " ("
                            + Units.formatSize(x.length()) + ") overlaps the mapping " + TopologyLoader.hex(m[0]) + ".."
                            + TopologyLoader.hex(m[1]) + (m[2] > 0 ? " made at line " + m[2] : " of guest memory")
                            + " in ioas '" + ioas.id + "'; map a range that does not overlap, or unmap"
                            + " it first");
                    return;
                }
            }
            ioas.maps.add(new long[] {start, end, p.location().line(), p.location().column()});
        } else if (args instanceof StepArgs.IoasUnmap x) {
            Ioas ioas = fails ? null : ref(p, "ioas", x.ioas(), ioases, "ioas", "ioas-alloc");
            if (ioas == null) {
                return;
            }
            StringBuilder why = new StringBuilder();
            long g = granule(ioas, why);
            boolean ok = aligned(p, "iova", x.iova(), g, why.toString());
            ok &= aligned(p, "length", x.length(), g, why.toString());
            if (ok && noWrap(p, "iova", x.iova(), x.length())) {
                unmap(ioas, x.iova(), x.iova() + x.length());
            }
        } else if (args instanceof StepArgs.HwptAlloc x) {
            DeviceSpec d = device(p, x.device());
            if (fails) {
                failedDefinitions.putIfAbsent(x.id(), p);
                return;
            }
            Ioas ioas = ref(p, "ioas", x.ioas(), ioases, "ioas", "ioas-alloc");
            if (newId(p, x.id())) {
                // Defined even if its IOAS or device is wrong, so one mistake is reported once.
                IommuSpec iommu = d == null ? null : d.iommu().map(parser.iommuById::get).orElse(null);
                if (ioas != null) {
                    addIommu(p, ioas, iommu);
                }
                hwpts.put(x.id(), new Hwpt(x.id(), ioas, iommu));
                definedAt.put(x.id(), p.location());
            }
        } else if (args instanceof StepArgs.Attach x) {
            DeviceSpec d = device(p, x.device());
            if (fails) {
                return;
            }
            IommuSpec iommu = d == null ? null : d.iommu().map(parser.iommuById::get).orElse(null);
            if (x.hwpt().isPresent()) {
                Hwpt h = ref(p, "hwpt", x.hwpt().get(), hwpts, "hwpt", "hwpt-alloc");
                if (h != null && iommu != null && h.iommu() != null && h.iommu() != iommu) {
                    loader.problem(p.location(), "attach puts device '" + d.id() + "' (behind " + iommu.id()
                            + ") on hwpt '" + h.id() + "', which was allocated on " + h.iommu().id()
                            + "; the kernel refuses this with EINVAL; add expect-error: EINVAL, or allocate"
                            + " a HWPT with device: " + d.id());
                } else if (h != null && h.ioas() != null) {
                    addIommu(p, h.ioas(), iommu);
                }
            } else {
                Ioas ioas = ref(p, "ioas", x.ioas().get(), ioases, "ioas", "ioas-alloc");
                if (ioas != null) {
                    addIommu(p, ioas, iommu);
                }
            }
        } else if (args instanceof StepArgs.Detach x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.GetHwInfo x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.SetDirtyTracking x) {
            if (!fails) {
                ref(p, "hwpt", x.hwpt(), hwpts, "hwpt", "hwpt-alloc");
            }
        } else if (args instanceof StepArgs.GetDirtyBitmap x) {
            if (fails) {
                return;
            }
            Hwpt h = ref(p, "hwpt", x.hwpt(), hwpts, "hwpt", "hwpt-alloc");
            pageSize(p, "page-size", x.pageSize());
            if (x.length() == 0) {
                loader.problem(at(p, "length"), "'length' in get-dirty-bitmap is 0; read at least one page");
            } else if (noWrap(p, "iova", x.iova(), x.length()) && h != null && h.ioas() != null) {
                // As iommufd_check_iova_range(): the range is aligned to the IOAS, not to page-size.
                StringBuilder why = new StringBuilder();
                long g = granule(h.ioas(), why);
                aligned(p, "iova", x.iova(), g, why.toString());
                aligned(p, "length", x.length(), g, why.toString());
            }
        } else if (args instanceof StepArgs.Dma x) {
            device(p, x.device());
            noWrap(p, "iova", x.iova(), x.length());
        } else if (args instanceof StepArgs.Workload x) {
            workloadSource(p, x);
        } else if (args instanceof StepArgs.VcpuWrite x) {
            inGuest(p, "gpa", x.gpa(), x.length());
        } else if (args instanceof StepArgs.Split x) {
            if (!fails) {
                ref(p, "hwpt", x.hwpt(), hwpts, "hwpt", "hwpt-alloc");
                x.pageSize().ifPresent(ps -> pageSize(p, "page-size", ps));
            }
        } else if (args instanceof StepArgs.Collapse x) {
            if (!fails) {
                ref(p, "hwpt", x.hwpt(), hwpts, "hwpt", "hwpt-alloc");
            }
        } else if (args instanceof StepArgs.IotlbInvalidate x) {
            if (x.iommu().isPresent() && !loader.declaredIommus.contains(x.iommu().get())) {
                List<String> ids = new ArrayList<>(loader.declaredIommus);
                loader.problem(at(p, "iommu"), "iotlb-invalidate names iommu '" + x.iommu().get() + "', which is"
                        + " not defined" + Suggest.didYouMean(x.iommu().get(), ids) + " (iommus: "
                        + String.join(", ", ids) + ")");
            }
            if (x.hwpt().isPresent() && !fails) {
                ref(p, "hwpt", x.hwpt().get(), hwpts, "hwpt", "hwpt-alloc");
            }
        } else if (args instanceof StepArgs.DmaLoggingStart x) {
            device(p, x.device());
            if (!fails) {
                pageSize(p, "page-size", x.pageSize());
                List<StepArgs.Range> sorted = new ArrayList<>(x.ranges());
                sorted.sort((r1, r2) -> Long.compareUnsigned(r1.iova(), r2.iova()));
                for (int i = 0; i < sorted.size(); i++) {
                    StepArgs.Range r = sorted.get(i);
                    if (r.length() == 0) {
                        loader.problem(at(p, "ranges"), "a range in dma-logging-start has length 0; give each range"
                                + " a length");
                        break;
                    }
                    if (i > 0 && sorted.get(i - 1).end() > r.iova()) {
                        loader.problem(at(p, "ranges"), "ranges " + TopologyLoader.hex(sorted.get(i - 1).iova()) + ".."
                                + TopologyLoader.hex(sorted.get(i - 1).end()) + " and " + TopologyLoader.hex(r.iova()) + ".." + TopologyLoader.hex(r.end())
                                + " in dma-logging-start overlap; the kernel refuses overlapping ranges;"
                                + " merge them");
                        break;
                    }
                }
            }
        } else if (args instanceof StepArgs.DmaLoggingReport x) {
            device(p, x.device());
            if (!fails) {
                pageSize(p, "page-size", x.pageSize());
            }
        } else if (args instanceof StepArgs.DmaLoggingStop x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.Type1Dirty x) {
            if (!fails && x.pageSize().isPresent()) {
                pageSize(p, "page-size", x.pageSize().getAsLong());
            }
        } else if (args instanceof StepArgs.MigState x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.Hotplug x) {
            DeviceSpec d = device(p, x.device());
            if (d != null && !d.hotplug()) {
                loader.problem(at(p, "device"), "hotplug names device '" + x.device() + "', which is present at VM"
                        + " start; declare it with 'hotplug: true' to plug it in later");
            } else if (d != null && d.iommu().isEmpty()) {
                loader.problem(at(p, "device"), "hotplug names emulated device '" + x.device() + "'; only "
                        + "passthrough devices behind an IOMMU are hot-plugged here");
            }
        }
    }

    private void workloadSource(Parsed p, StepArgs.Workload x) {
        if (x.source().isEmpty()) {
            boolean any = (parser.vm != null && parser.vm.vcpuWorkload().isPresent())
                    || parser.devices.stream().anyMatch(d -> d.workload().isPresent());
            if (!any && x.override().isEmpty()) {
                loader.problem(p.location(), "workload runs every configured workload, but none is configured; add"
                        + " a workload to a device or vm.vcpu-workload, or give one in this step");
            }
            return;
        }
        String s = x.source().get();
        if (s.equals(StepArgs.Workload.VCPUS)) {
            if ((parser.vm == null || parser.vm.vcpuWorkload().isEmpty()) && x.override().isEmpty()) {
                loader.problem(at(p, "source"), "workload source vcpus has no workload; add vm.vcpu-workload or"
                        + " give rate, pattern, ... in this step");
            }
            return;
        }
        DeviceSpec d = parser.deviceById.get(s);
        if (d == null && loader.declaredDevices.contains(s)) {
            return;
        }
        if (d == null) {
            List<String> ids = new ArrayList<>(loader.declaredDevices);
            ids.add(StepArgs.Workload.VCPUS);
            loader.problem(at(p, "source"), "workload source '" + s + "' is neither a device nor vcpus"
                    + Suggest.didYouMean(s, ids) + " (sources: " + String.join(", ", ids) + ")");
        } else if (d.workload().isEmpty() && x.override().isEmpty()) {
            loader.problem(at(p, "source"), "device '" + s + "' has no workload; add one to the device or give"
                    + " rate, pattern, ... in this step");
        }
    }

    private void unmap(Ioas ioas, long start, long end) {
        List<long[]> out = new ArrayList<>();
        for (long[] m : ioas.maps) {
            if (end <= m[0] || m[1] <= start) {
                out.add(m);
                continue;
            }
            if (m[0] < start) {
                out.add(new long[] {m[0], start, m[2], m[3]});
            }
            if (end < m[1]) {
                out.add(new long[] {end, m[1], m[2], m[3]});
            }
        }
        ioas.maps.clear();
        ioas.maps.addAll(out);
    }
}

package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.hardware.scenario.YNode.YEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.ioptexplorer.hardware.scenario.StepParser.Parsed;

/**
 * The ordered checks of a topology's steps that belong to the file: tracks the ids of the IOAS and HWPT objects
 * earlier steps (or the VMM) define and checks every reference to them and to devices. Kernel rules are not checked
 * here: the simulator answers them at run time (and {@code validate} reports them from a dry run). Problems go to
 * the loader.
 */
final class StepChecker {
    private final TopologyLoader loader;
    private final StepParser parser;

    /** An IOAS a step or the VMM defines. */
    private record Ioas(String id) {
    }

    /** A HWPT a step or the VMM defines. */
    private record Hwpt(String id) {
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
            ioases.put(Topology.IMPLICIT_IOAS, new Ioas(Topology.IMPLICIT_IOAS));
            for (IommuSpec i : parser.iommus) {
                String id = Topology.implicitHwpt(i.id());
                hwpts.put(id, new Hwpt(id));
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

    /**
     * Checks what belongs to the file: every id a step names is defined (by the topology or an earlier step), and each
     * IOAS and HWPT id is defined once. Whether the operation succeeds (alignment, overlaps, attach compatibility,
     * page sizes, ranges) is the simulated kernel's to say at run time; {@code validate} shows it as a warning from a
     * dry run.
     */
    private void check(Parsed p, boolean fails) {
        StepArgs args = p.args();
        if (args instanceof StepArgs.IoasAlloc x) {
            define(p, x.id(), fails, new Ioas(x.id()), ioases);
        } else if (args instanceof StepArgs.IoasOption x) {
            ioas(p, x.ioas(), fails);
        } else if (args instanceof StepArgs.IoasMap x) {
            ioas(p, x.ioas(), fails);
        } else if (args instanceof StepArgs.IoasUnmap x) {
            ioas(p, x.ioas(), fails);
        } else if (args instanceof StepArgs.HwptAlloc x) {
            device(p, x.device());
            ioas(p, x.ioas(), fails);
            define(p, x.id(), fails, new Hwpt(x.id()), hwpts);
        } else if (args instanceof StepArgs.Attach x) {
            device(p, x.device());
            if (x.hwpt().isPresent()) {
                hwpt(p, x.hwpt().get(), fails);
            } else {
                ioas(p, x.ioas().orElseThrow(), fails);
            }
        } else if (args instanceof StepArgs.Detach x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.GetHwInfo x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.SetDirtyTracking x) {
            hwpt(p, x.hwpt(), fails);
        } else if (args instanceof StepArgs.GetDirtyBitmap x) {
            hwpt(p, x.hwpt(), fails);
        } else if (args instanceof StepArgs.Dma x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.Workload x) {
            workloadSource(p, x);
        } else if (args instanceof StepArgs.VcpuWrite x) {
            inGuest(p, "gpa", x.gpa(), x.length());
        } else if (args instanceof StepArgs.Split x) {
            hwpt(p, x.hwpt(), fails);
        } else if (args instanceof StepArgs.Collapse x) {
            hwpt(p, x.hwpt(), fails);
        } else if (args instanceof StepArgs.IotlbInvalidate x) {
            if (x.iommu().isPresent() && !loader.declaredIommus.contains(x.iommu().get())) {
                List<String> ids = new ArrayList<>(loader.declaredIommus);
                loader.problem(at(p, "iommu"), "iotlb-invalidate names iommu '" + x.iommu().get() + "', which is"
                        + " not defined" + Suggest.didYouMean(x.iommu().get(), ids) + " (iommus: "
                        + String.join(", ", ids) + ")");
            }
            x.hwpt().ifPresent(h -> hwpt(p, h, fails));
        } else if (args instanceof StepArgs.DmaLoggingStart x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.DmaLoggingReport x) {
            device(p, x.device());
        } else if (args instanceof StepArgs.DmaLoggingStop x) {
            device(p, x.device());
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

    private <T> void define(Parsed p, String id, boolean fails, T object, Map<String, T> objects) {
        if (fails) {
            failedDefinitions.putIfAbsent(id, p);
        } else if (newId(p, id)) {
            objects.put(id, object);
            definedAt.put(id, p.location());
        }
    }

    /** A step that expects an error may name an object that does not exist: ENOENT is then its point. */
    private void ioas(Parsed p, String id, boolean fails) {
        if (!fails) {
            ref(p, "ioas", id, ioases, "ioas", "ioas-alloc");
        }
    }

    private void hwpt(Parsed p, String id, boolean fails) {
        if (!fails) {
            ref(p, "hwpt", id, hwpts, "hwpt", "hwpt-alloc");
        }
    }

    /** The guest's own description: a vCPU writes only guest memory. */
    private void inGuest(Parsed p, String key, long addr, long length) {
        if (parser.vm == null) {
            return;
        }
        if (Long.compareUnsigned(addr, parser.vm.memory()) > 0
                || Long.compareUnsigned(length, parser.vm.memory() - addr) > 0) {
            loader.problem(at(p, key), p.op() + " range " + IovaMath.hex(addr) + ".."
                    + IovaMath.hex(addr + length) + " is outside guest memory ("
                    + Units.formatSize(parser.vm.memory()) + ", up to " + IovaMath.hex(parser.vm.memory())
                    + "); keep it within vm.memory");
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
}

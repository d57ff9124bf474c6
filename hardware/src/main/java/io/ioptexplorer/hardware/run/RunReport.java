package io.ioptexplorer.hardware.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ioptexplorer.hardware.iommu.IommuStats;
import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.iommufd.Hwpt;
import io.ioptexplorer.hardware.kvm.DirtyLogStats;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.pagetable.PageTableStats;
import io.ioptexplorer.hardware.vmm.MigrationResult;
import io.ioptexplorer.hardware.vmm.RoundMetrics;
import io.ioptexplorer.hardware.vmm.TrackerSync;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON report of a run: a stable contract (documented in the README) that scripts and golden tests read. Keys are
 * kebab-case; every map is ordered so the same run prints the same bytes.
 */
public final class RunReport {
    /** Bump when a key changes meaning or disappears; adding keys does not bump it. */
    public static final int FORMAT_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {
    }

    public static String json(ScenarioRun run) {
        try {
            return JSON.writeValueAsString(tree(run)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report could not be written: " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> tree(ScenarioRun run) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format-version", FORMAT_VERSION);
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("name", run.topology().name());
        topology.put("file", run.topology().sourceName());
        root.put("topology", topology);
        root.put("seed", run.seed());
        root.put("ok", run.allOk());
        root.put("steps", steps(run));
        root.put("iommus", iommus(run.machine()));
        root.put("domains", domains(run.machine()));
        root.put("kvm", kvm(run.machine()));
        MigrationResult m = run.migration();
        root.put("trackers", trackers(m));
        root.put("migration", m == null ? null : migration(m));
        List<Map<String, Object>> fsm = new ArrayList<>();
        for (RunRecorder.Arc a : run.fsmArcs()) {
            fsm.add(ordered("device", a.device(), "from", a.from(), "to", a.to(), "time-ns", a.timeNs()));
        }
        root.put("fsm", fsm);
        return root;
    }

    private static List<Map<String, Object>> steps(ScenarioRun run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StepResult r : run.results()) {
            Map<String, Object> s = ordered("index", r.index(), "op", r.op(), "ok", r.ok());
            s.put("location", r.location().toString());
            if (r.errno() != null) {
                s.put("errno", r.errno().name());
            }
            if (r.error() != null) {
                s.put("error", r.error());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            r.result().forEach((k, v) -> result.put(k, reportValue(k, v)));
            s.put("result", result);
            if (!r.failures().isEmpty()) {
                s.put("failures", r.failures());
            }
            out.add(s);
        }
        return out;
    }

    private static List<Map<String, Object>> iommus(Machine machine) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (IommuUnit u : machine.units()) {
            IommuStats st = u.stats();
            Map<String, Object> m = ordered("id", u.id(), "model", u.model().key(), "format", u.format().name());
            m.put("capability-register", u.capabilities().name());
            m.put("capability-value", String.format("0x%016x", u.capabilities().value()));
            m.put("dirty-tracking", u.dirtyTrackingCapable());
            m.put("iotlb", ordered("entries", u.iotlb().entries(), "ways", u.iotlb().ways(),
                    "hits", st.iotlb().hits(), "misses", st.iotlb().misses(), "evictions", st.iotlb().evictions()));
            m.put("invalidations", new TreeMap<>(st.commands()));
            m.put("invalidation-ns", st.invalidationNs());
            m.put("translation-ns", st.translationNs());
            m.put("dma-faults", st.faults());
            out.add(m);
        }
        return out;
    }

    private static List<Map<String, Object>> domains(Machine machine) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Hwpt h : machine.iommufd().hwpts()) {
            PageTableStats s = h.domain().pageTable().stats();
            Map<String, Object> m = ordered("hwpt", h.id(), "iommu", h.allocatedFor().id(),
                    "format", h.domain().format().name());
            m.put("devices", h.domain().attachedDevices().stream().sorted().toList());
            m.put("dirty-tracking", h.domain().hasDirtyOps());
            Map<String, Object> leaves = new LinkedHashMap<>();
            new TreeMap<>(s.leavesBySize()).forEach((size, count) -> leaves.put(Long.toString(size), count));
            m.put("leaves", leaves);
            m.put("table-pages", s.liveTablePages());
            m.put("splits", s.splits());
            m.put("collapses", s.collapses());
            m.put("iotlb-hits", h.domain().iotlbHits());
            m.put("iotlb-misses", h.domain().iotlbMisses());
            m.put("invalidations", h.domain().invalidationCommands());
            out.add(m);
        }
        return out;
    }

    /** KVM's dirty log of the vCPUs over the whole run: mode, and for a dirty ring how often it filled. */
    private static Map<String, Object> kvm(Machine machine) {
        VcpuDirtyLog log = machine.vcpuLog();
        DirtyLogStats st = log.stats();
        Map<String, Object> m = ordered("dirty-log", log.mode() == VcpuDirtyLog.Mode.DIRTY_RING ? "ring" : "bitmap",
                "vcpus", log.vcpuCount());
        if (log.mode() == VcpuDirtyLog.Mode.DIRTY_RING) {
            m.put("ring-size", log.ringCapacity());
        }
        m.put("writes", st.writes());
        m.put("pages-logged", st.pagesLogged());
        if (log.mode() == VcpuDirtyLog.Mode.DIRTY_RING) {
            m.put("ring-full-stops", st.ringFullStops());
            m.put("writes-refused-stopped", st.writesRefusedStopped());
            m.put("entries-harvested", st.entriesHarvested());
            if (machine.vcpuWorkload() != null) {
                m.put("vcpu-stalled-ns", machine.vcpuWorkload().totalStalledNanos());
                m.put("vcpu-writes-skipped-while-stalled", machine.vcpuWorkload().writesLostStalled());
            }
        }
        return m;
    }

    /** Per tracker over the whole migration: reported and true dirty bytes (4 KiB pages). */
    private static List<Map<String, Object>> trackers(MigrationResult m) {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        if (m != null) {
            for (RoundMetrics r : m.rounds()) {
                for (TrackerSync t : r.syncs()) {
                    long[] sum = totals.computeIfAbsent(t.tracker(), k -> new long[2]);
                    sum[0] += t.reportedPages();
                    sum[1] += t.truePages();
                    kinds.put(t.tracker(), t.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        totals.forEach((id, sum) -> out.add(ordered("id", id, "kind", kinds.get(id), "page-size", 4096L,
                "reported-dirty-bytes", sum[0] * 4096, "true-dirty-bytes", sum[1] * 4096)));
        return out;
    }

    private static Map<String, Object> migration(MigrationResult m) {
        Map<String, Object> out = ordered("result", m.result().name().toLowerCase(Locale.ROOT));
        if (m.reason() != null && !m.reason().isBlank()) {
            out.put("reason", m.reason());
        }
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (RoundMetrics r : m.rounds()) {
            Map<String, Object> round = ordered("round", r.round(), "dirty-pages", r.dirtyPages(),
                    "true-dirty-pages", r.truePages(), "pages-sent", r.pagesSent(), "bytes-sent", r.bytesSent());
            round.put("duration-ns", r.durationNs());
            round.put("estimated-downtime-ns", r.estimatedDowntimeNs());
            round.put("iotlb-hit-rate", r.iotlbHitRate());
            round.put("invalidations", r.invalidations());
            round.put("splits", r.splits());
            round.put("collapses", r.collapses());
            rounds.add(round);
        }
        out.put("rounds", rounds);
        out.put("final-pages", m.finalPages());
        out.put("total-time-ns", m.totalNs());
        out.put("downtime-ns", m.downtimeNs());
        out.put("bytes-transferred", m.bytesSent()); // guest pages and device state
        out.put("device-state-bytes", m.deviceBytes());
        if (m.verification() != null) {
            out.put("verification", ordered("pages-compared", m.verification().pagesCompared(),
                    "mismatches", m.verification().mismatches(),
                    "lost-iovas", m.verification().lostIovas().stream().map(v -> String.format("0x%x", v)).toList()));
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Bitmaps as hexadecimal; an IOVA as a hexadecimal string of the u64 it is (a Java long holds its bits), as the
     * lost IOVAs and the trace's addresses are: a JSON number above 2^53 would lose bits in most JSON readers.
     */
    private static Object reportValue(String key, Object v) {
        if (v instanceof BitmapValue b) {
            return b.hex();
        }
        if (key.equals("iova") && v instanceof Long n) {
            return io.ioptexplorer.hardware.bitmap.IovaMath.hex(n);
        }
        return v;
    }
}

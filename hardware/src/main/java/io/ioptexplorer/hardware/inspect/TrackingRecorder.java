package io.ioptexplorer.hardware.inspect;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.events.SimEvent;
import io.ioptexplorer.hardware.inspect.migration.MigrationCapture;
import io.ioptexplorer.hardware.inspect.topology.TopologyCapture;
import io.ioptexplorer.hardware.machine.MachineEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import io.ioptexplorer.hardware.inspect.tracking.LaneCapture;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.vfio.migration.VfioMigArcEvent;
import io.ioptexplorer.hardware.vmm.VmmEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * The event sink a run is built with when tracking and migration views watch it: lanes and migration records are
 * captured as the VMM emits them, and after each sync, round, FSM arc or migration end a fresh
 * {@code onChange} runs, on the simulation thread: the receiver takes a {@link #snapshot()} when it wants one.
 */
public final class TrackingRecorder implements EventSink {
    private final MigrationCapture migrations;
    private final LaneCapture lanes;
    private final Runnable onChange;
    private final Map<String, String> coverage = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
    private final Map<String, String> problemHeads = new LinkedHashMap<>();
    private Machine machine;

    public TrackingRecorder(EventSink downstream, Runnable onChange) {
        this.migrations = new MigrationCapture(downstream);
        this.lanes = new LaneCapture(migrations);
        this.onChange = onChange == null ? () -> { } : onChange;
    }

    private TrackingRecorder(TrackingRecorder o, Runnable onChange) {
        this.migrations = o.migrations.copy(o.migrations.downstream());
        this.lanes = o.lanes.copy(migrations);
        this.onChange = onChange == null ? () -> { } : onChange;
        this.coverage.putAll(o.coverage);
        this.problems.putAll(o.problems);
        this.problemHeads.putAll(o.problemHeads);
    }

    /**
     * A recorder that has seen what this one has (the same migrations, lanes, coverage and problems), for a run
     * resumed from a checkpoint taken while this one watched; it calls {@code onChange} from now on. It is attached to
     * no machine until {@link #attach}.
     */
    public TrackingRecorder copy(Runnable onChange) {
        return new TrackingRecorder(this, onChange);
    }

    /** The machine the run built with this sink; read only from the thread that runs it. */
    public void attach(Machine m) {
        this.machine = m;
    }

    /** Per-access events are not needed: a replay with the timeline off builds none for this recorder. */
    @Override
    public boolean enabled() {
        return false;
    }

    /** The rare records (assembly, migration records, lanes, FSM arcs) are what it keeps. */
    @Override
    public boolean recordsEnabled() {
        return true;
    }

    @Override
    public void emit(SimEvent event) {
        lanes.emit(event);
        if (event instanceof VmmEvents.TrackerChosen t) {
            coverage.put(t.deviceId(), coverageOf(t));
        } else if (event instanceof VmmEvents.DeviceSuspended s) {
            coverage.put(s.deviceId(), "suspended (no tracker: stopped before pre-copy)");
        } else if (event instanceof MachineEvents.AttachRefused a) {
            String head = "attach to hwpt " + a.hwptId() + " failed: " + a.errno();
            problems.put(a.deviceId(), head + ": " + a.why());
            problemHeads.put(a.deviceId(), head);
        } else if (event instanceof VmmEvents.HotplugFallbackApplied h) {
            String head = "hot-plug fallback " + h.fallback();
            problems.merge(h.deviceId(), head + ": " + h.why(), (a, b) -> a + "; " + b);
            problemHeads.merge(h.deviceId(), head, (a, b) -> a + "; " + b);
        }
        if (event instanceof VmmEvents.RoundFinished || event instanceof VmmEvents.MigrationFinished
                || event instanceof VmmEvents.MigrationStarted || event instanceof VfioMigArcEvent
                || changesTopology(event)) {
            onChange.run();
        }
    }

    /**
     * Events after which the topology part of a snapshot reads differently, inside a step as well as between steps: a
     * device plugged in, attached or refused, a tracker chosen or a fallback applied (a moment inside a hot-plug step
     * showed the machine without the new device until the step ended).
     */
    private static boolean changesTopology(SimEvent event) {
        return event instanceof MachineEvents.DeviceHotplugged || event instanceof MachineEvents.CapabilityNegotiated
                || event instanceof MachineEvents.AttachRefused || event instanceof VmmEvents.TrackerChosen
                || event instanceof VmmEvents.DeviceSuspended || event instanceof VmmEvents.HotplugFallbackApplied;
    }

    /**
     * Whether a migration round is under way: its lanes (the pages written so far) change with every slice of
     * simulated time, not only at the events that call {@code onChange}.
     */
    public boolean roundUnderWay() {
        return lanes.roundUnderWay();
    }

    /**
     * {@code previous} with only its lanes taken again: while a round is under way and nothing else happened, only
     * its pages written so far move (the other parts keep their very objects, so views see them unchanged).
     */
    public TrackingSnapshot withLanesNow(TrackingSnapshot previous) {
        if (machine == null) {
            return previous;
        }
        Machine m = machine;
        long pages = m.memory().pages();
        return new TrackingSnapshot(pages, lanes.migrations(pages, () -> m.memory().truthSoFar()),
                previous.migrations(), previous.arcs(), previous.devices(), previous.topology());
    }

    /** The state now; call on the thread that runs the machine. */
    public TrackingSnapshot snapshot() {
        if (machine == null) {
            return TrackingSnapshot.EMPTY;
        }
        List<TrackingSnapshot.DeviceState> devices = new ArrayList<>();
        for (MachineDevice d : machine.devices()) {
            devices.add(new TrackingSnapshot.DeviceState(d.id(), d.migration().flags(), d.migration().state()));
        }
        long pages = machine.memory().pages();
        Machine m = machine;
        return new TrackingSnapshot(pages, lanes.migrations(pages, () -> m.memory().truthSoFar()),
                migrations.migrations(), migrations.arcs(),
                devices, TopologyCapture.capture(machine, coverage, problems, problemHeads));
    }

    private static String coverageOf(VmmEvents.TrackerChosen t) {
        switch (t.treatment()) {
            case "ALL_DIRTY":
                return "all dirty (no tracker: every mapped page counted dirty)";
            case "SUSPENDED_EARLY":
                return "suspended (no tracker: stopped before pre-copy)";
            case "BLOCKED":
                return "none: blocks migration";
            default:
                return switch (t.tracker()) {
                    case "IOMMU" -> "IOMMU dirty tracking";
                    case "DEVICE" -> "its own device tracker";
                    case "TYPE1" -> "pinned pages (type1)";
                    default -> t.tracker().toLowerCase(java.util.Locale.ROOT);
                };
        }
    }
}

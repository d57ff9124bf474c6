package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.bitmap.PageBits;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.machine.Machine;
import io.ioptexplorer.hardware.machine.MachineDevice;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.vfio.migration.PrecopyInfo;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.hardware.vfio.migration.VfioMigrationDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;

/**
 * One live-migration attempt with iterative pre-copy (QEMU migration/ram.c and hw/vfio/migration.c, reference §6).
 *
 * <p>Start: the tracker plan is applied (devices without a tracker are suspended, counted all-dirty, or block the
 * migration), devices with PRE_COPY enter it, every tracker starts. Round 0 sends all guest memory; while a round's
 * bytes cross the link (time = bytes / B) devices and vCPUs keep running in slices, and pages go out in order as the
 * link carries them (a page sent carries its version at that moment to the destination). At the end of a round
 * every active tracker is synced into one dirty set (the union of vCPU and device dirtying; with
 * x-pre-copy-dirty-page-tracking off the VFIO trackers are skipped while devices run) and the downtime is estimated
 * as (dirty pages + remaining device state) / B. Stop-and-copy starts when those bytes take less than the limit
 * (QEMU's strict {@code pending_size < threshold_size}, {@link LinkConfig#switchesOver}) or the rounds run out: vCPUs stop, devices go to STOP_COPY, the final sync is taken after they stopped, and the final dirty set
 * and device state are sent. The destination devices then go STOP → RESUMING → STOP → RUNNING_P2P → RUNNING and every
 * page version is compared.
 *
 * <p>{@link #cancel()} between steps returns the devices to RUNNING, restarts the vCPUs, stops tracking, collapses
 * what was split, and keeps the dirty pages read but not yet sent in {@link Vmm#retainedDirty()}.
 */
public final class PreCopyMigration {
    private static final long PAGE = GuestMemory.PAGE_SIZE;

    /** Where the attempt stands. */
    public enum Phase { READY, PRE_COPY, DONE }

    private final Vmm vmm;
    private final Machine m;
    private final VmmPolicy policy;
    private final LinkConfig link;
    private final GuestMemory source;
    private final GuestMemory destination;
    private final List<RoundMetrics> rounds = new ArrayList<>();
    private final Map<String, Long> deviceBytesById = new LinkedHashMap<>();
    private TrackerSet trackers;
    private List<DevicePlan> plan = List.of();
    private Phase phase = Phase.READY;
    private DirtySet pending;
    private MigrationResult result;
    private long startNs;
    private MachineCounters atStart;
    private MachineCounters lastCounters;
    private long pagesSent;
    private long bytesSent;
    private long deviceBytes;
    private long cancelAtNs = Long.MAX_VALUE;
    private StopCopyMetrics stopCopy;

    PreCopyMigration(Vmm vmm, LinkConfig link) {
        this.vmm = vmm;
        this.m = vmm.machine();
        this.policy = vmm.policy();
        this.link = link;
        this.source = m.memory();
        this.destination = new GuestMemory(source.size(), source.backingPageSize());
    }

    public Phase phase() {
        return phase;
    }

    /** The destination's guest memory (page versions as received). */
    public GuestMemory destination() {
        return destination;
    }

    public List<RoundMetrics> rounds() {
        return List.copyOf(rounds);
    }

    /** Names of the active trackers, in sync order (empty before the start). */
    public List<String> trackerNames() {
        return trackers == null ? List.of() : trackers.names();
    }

    /** The result once {@link #phase()} is DONE, else null. */
    public MigrationResult result() {
        return result;
    }

    /**
     * Cancels the attempt as soon as the simulated clock reaches {@code absoluteNs}, checked after every slice of a
     * round (so a cancel can land in the middle of a round); the pages of that round not yet sent are retained.
     */
    public void cancelAt(long absoluteNs) {
        this.cancelAtNs = absoluteNs;
    }

    /** Runs every remaining step. */
    public MigrationResult run() {
        while (stepRound()) {
            // keep going
        }
        return result;
    }

    /**
     * Performs the next step: the start and round 0, or the next round; ends with stop-and-copy when the estimate
     * fits or rounds run out. Returns false once the migration is done (any result).
     */
    public boolean stepRound() {
        if (phase == Phase.DONE) {
            return false;
        }
        try {
            if (phase == Phase.READY && !start()) {
                return false;
            }
            if (m.clock().now() >= cancelAtNs) {
                cancel();
                return false;
            }
            boolean stop = round();
            if (phase == Phase.DONE) {
                return false; // cancelled mid-round
            }
            if (stop) {
                stopAndCopy();
            }
        } catch (ErrnoException e) {
            fail(e.errno() + ": " + e.why());
        }
        return phase != Phase.DONE;
    }

    // ---------------------------------------------------------------- start

    private boolean start() {
        startNs = m.clock().now();
        vmm.emit(new VmmEvents.MigrationStarted(link.bandwidthBytesPerSecond(), link.downtimeLimitNs(),
                link.maxRounds()));
        atStart = MachineCounters.of(m);
        plan = vmm.plan();
        List<String> blockers = new ArrayList<>(vmm.vfioMigrationBlockers());
        for (DevicePlan p : plan) {
            vmm.emit(new VmmEvents.TrackerChosen(p.deviceId(), p.tracker() == null ? "-" : p.tracker().name(),
                    p.treatment().name(), p.reason()));
            if (p.treatment() == DevicePlan.Treatment.BLOCKED) {
                blockers.add("device " + p.deviceId() + ": " + p.reason());
            }
        }
        if (!blockers.isEmpty()) {
            vmm.emit(new VmmEvents.MigrationBlocked(blockers));
            finish(MigrationResult.Result.BLOCKED, String.join("; ", blockers), null, 0, 0);
            return false;
        }
        phase = Phase.PRE_COPY;
        lastCounters = atStart;
        // Suspend devices without a tracker first, so their last writes precede round 0.
        for (DevicePlan p : plan) {
            if (p.treatment() == DevicePlan.Treatment.SUSPENDED_EARLY) {
                MachineDevice d = m.device(p.deviceId());
                List<VfioMigState> path = d.migration().setState(VfioMigState.STOP);
                vmm.emit(new VmmEvents.DeviceSuspended(d.id(), path));
            }
        }
        for (MachineDevice d : m.devices()) {
            if (d.migration().state() == VfioMigState.RUNNING && d.migration().flags().preCopy()) {
                d.migration().setState(VfioMigState.PRE_COPY);
            }
        }
        trackers = new TrackerSet(vmm, plan, policy.split());
        trackers.start();
        // Ground truth starts now.
        source.takeTruth();
        m.takeVcpuTruth();
        for (MachineDevice d : m.devices()) {
            d.takeTruth();
        }
        pending = vmm.takeRetained();
        pending.addRange(0, source.pages());
        return true;
    }

    // ---------------------------------------------------------------- rounds

    /** Sends {@code pending} as one round, syncs, estimates; returns whether to stop-and-copy now. */
    private boolean round() {
        int index = rounds.size();
        long roundStart = m.clock().now();
        vmm.emit(new VmmEvents.RoundStarted(index, pending.cardinality()));
        long devBytes = readPrecopyData();
        long count = pending.cardinality();
        PrimitiveIterator.OfLong frames = pending.frames();
        long total = count * PAGE + devBytes;
        long duration = link.transferNs(total);
        if (duration == Long.MAX_VALUE) {
            fail("round " + index + " would take longer than the simulated clock can count at "
                    + link.bandwidthBytesPerSecond() + " B/s");
            return false;
        }
        long sent = 0;
        for (long t = 0; t < duration; ) {
            long dt = Math.min(link.sliceNs(), duration - t);
            m.step(dt);
            trackers.reap();
            t += dt;
            long pageBytesDone = Math.max(0, link.bytesIn(t) - devBytes);
            long upTo = Math.min(count, pageBytesDone / PAGE);
            while (sent < upTo) {
                send(frames.nextLong());
                sent++;
            }
            if (m.clock().now() >= cancelAtNs && t < duration) {
                DirtySet unsent = new DirtySet();
                while (frames.hasNext()) {
                    unsent.add(frames.nextLong());
                }
                pending = unsent;
                account(sent, sent * PAGE + devBytes, devBytes);
                cancel();
                return false;
            }
        }
        while (frames.hasNext()) {
            send(frames.nextLong());
        }
        account(count, total, devBytes);

        boolean vfioSync = policy.preCopyDirtyPageTracking() || noDeviceRunning();
        List<TrackerSync> syncs = new ArrayList<>();
        DirtySet union = trackers.sync(index, vfioSync, syncs);
        PageBits written = source.takeTruth();
        long truePages = written.cardinality();
        emitUnionLane(index, false, union, written);
        pending = union;
        long pendingBytes = union.cardinality() * PAGE + remainingDeviceBytes();
        long est = link.transferNs(pendingBytes);
        MachineCounters now = MachineCounters.of(m);
        MachineCounters before = lastCounters;
        lastCounters = now;
        double amplification = TrackerSync.ratio(union.cardinality(), truePages);
        RoundMetrics rm = new RoundMetrics(index, roundStart, duration, count, total, devBytes, syncs,
                union.cardinality(), truePages, amplification, est, now.iotlbHits() - before.iotlbHits(),
                now.iotlbMisses() - before.iotlbMisses(), now.invalidations() - before.invalidations(),
                now.splits() - before.splits(), now.collapses() - before.collapses(), vfioSync);
        rounds.add(rm);
        vmm.emit(new VmmEvents.RoundFinished(rm));
        boolean converged = link.switchesOver(pendingBytes);
        if (converged || rounds.size() >= link.maxRounds()) {
            vmm.emit(new VmmEvents.PreCopyEnded(rounds.size(), converged ? "converged" : "out-of-rounds", est,
                    link.downtimeLimitNs()));
            return true;
        }
        return false;
    }

    private void emitUnionLane(int round, boolean stopCopy, DirtySet union, PageBits written) {
        if (vmm.eventsEnabled()) {
            vmm.emit(new VmmEvents.UnionLane(round, stopCopy, union.freeze(), written));
        }
    }

    /** VFIO_MIG_GET_PRECOPY_INFO and read() of what is available on every device in a pre-copy state. */
    private long readPrecopyData() {
        long devBytes = 0;
        for (MachineDevice d : m.devices()) {
            VfioMigrationDevice mig = d.migration();
            if (mig.state() == VfioMigState.PRE_COPY || mig.state() == VfioMigState.PRE_COPY_P2P) {
                PrecopyInfo info = mig.precopyInfo();
                long n = info.initialBytes() + info.dirtyBytes();
                if (n > 0) {
                    long r = mig.read(n);
                    devBytes += r;
                    deviceBytesById.merge(d.id(), r, Long::sum);
                }
            }
        }
        return devBytes;
    }

    private void account(long pages, long bytes, long devBytes) {
        pagesSent += pages;
        bytesSent += bytes;
        deviceBytes += devBytes;
    }

    private boolean noDeviceRunning() {
        for (MachineDevice d : m.devices()) {
            if (d.running()) {
                return false;
            }
        }
        return true;
    }

    /** Device state still to send: pre-copy data pending, or the whole state for devices without pre-copy. */
    private long remainingDeviceBytes() {
        long sum = 0;
        for (MachineDevice d : m.devices()) {
            VfioMigrationDevice mig = d.migration();
            if (mig.state() == VfioMigState.PRE_COPY || mig.state() == VfioMigState.PRE_COPY_P2P) {
                PrecopyInfo info = mig.precopyInfo();
                sum += info.initialBytes() + info.dirtyBytes();
            } else {
                sum += mig.initialBytes();
            }
        }
        return sum;
    }

    private void send(long pfn) {
        destination.setVersion(pfn, source.version(pfn));
    }

    // ---------------------------------------------------------------- stop-and-copy

    private void stopAndCopy() {
        vmm.emit(new VmmEvents.StopAndCopyStarted(rounds.size()));
        m.setVcpusRunning(false);
        for (MachineDevice d : m.devices()) {
            if (d.migration().state() != VfioMigState.STOP_COPY) {
                d.migration().setState(VfioMigState.STOP_COPY);
            }
        }
        // The final sync, after the devices stopped: nothing can dirty memory any more.
        MachineCounters before = MachineCounters.of(m);
        List<TrackerSync> syncs = new ArrayList<>();
        DirtySet last = trackers.sync(rounds.size(), true, syncs);
        pending.union(last);
        emitUnionLane(rounds.size(), true, last, source.takeTruth());
        long devBytes = 0;
        for (MachineDevice d : m.devices()) {
            long n = d.migration().read(d.migration().stopCopyRemaining());
            devBytes += n;
            deviceBytesById.merge(d.id(), n, Long::sum);
        }
        long count = pending.cardinality();
        pending.forEachFrame(this::send);
        long total = count * PAGE + devBytes;
        long downtime = link.transferNs(total);
        m.clock().advance(downtime);
        account(count, total, devBytes);
        vmm.emit(new VmmEvents.StopAndCopy(count, devBytes, downtime));
        trackers.stop("tracking stopped");
        MachineCounters after = MachineCounters.of(m);
        stopCopy = new StopCopyMetrics(syncs, count, devBytes, downtime, after.invalidations()
                - before.invalidations(), after.collapses() - before.collapses());
        for (MachineDevice d : m.devices()) {
            d.migration().setState(VfioMigState.STOP);
        }
        vmm.emit(new VmmEvents.ResumeStarted(m.devices().size()));
        for (MachineDevice d : m.devices()) {
            resumeOnDestination(d, deviceBytesById.getOrDefault(d.id(), 0L));
        }
        Verification v = Verifier.compare(source, destination);
        vmm.emit(new VmmEvents.VerificationDone(v.pagesCompared(), v.mismatches(), v.lostIovas()));
        finish(MigrationResult.Result.COMPLETED, "", v, count, downtime);
    }

    /** The destination twin of a device loads its state: STOP → RESUMING → (write) → STOP → … → RUNNING. */
    private void resumeOnDestination(MachineDevice d, long bytes) {
        VfioMigrationDevice dst = new VfioMigrationDevice(d.id() + "@destination", d.migration().flags(),
                d.migration().initialBytes(), 0, m.events());
        dst.setState(VfioMigState.STOP); // a fresh device starts RUNNING; loading starts from STOP
        List<VfioMigState> path = new ArrayList<>(dst.setState(VfioMigState.RESUMING));
        path.remove(path.size() - 1);
        dst.write(bytes);
        path.addAll(dst.setState(VfioMigState.STOP));
        path.remove(path.size() - 1);
        path.addAll(dst.setState(VfioMigState.RUNNING));
        vmm.emit(new VmmEvents.DestinationResumed(d.id(), bytes, List.copyOf(path)));
    }

    // ---------------------------------------------------------------- cancel / fail

    /**
     * Cancels the attempt now (between steps): devices back to RUNNING, vCPUs running, tracking stopped, splits
     * collapsed, unsent dirty pages kept for a retry. Returns the (cancelled) result; a finished attempt is returned
     * unchanged.
     */
    public MigrationResult cancel() {
        if (phase == Phase.DONE) {
            return result;
        }
        int at = rounds.size();
        long retained = 0;
        if (phase == Phase.PRE_COPY) {
            restore();
            if (pending != null) {
                retained = pending.cardinality();
                vmm.retain(pending);
            }
        }
        vmm.emit(new VmmEvents.MigrationCancelled(at, retained));
        finish(MigrationResult.Result.CANCELLED, "cancelled after " + at + " round(s)", null, 0, 0);
        return result;
    }

    private void fail(String reason) {
        if (phase == Phase.PRE_COPY) {
            restore();
        }
        finish(MigrationResult.Result.FAILED, reason, null, 0, 0);
    }

    /** Devices back to RUNNING (reset from ERROR), vCPUs running, tracking stopped and splits collapsed. */
    private void restore() {
        for (MachineDevice d : m.devices()) {
            VfioMigrationDevice mig = d.migration();
            if (mig.state() == VfioMigState.ERROR) {
                mig.reset();
            } else if (mig.state() != VfioMigState.RUNNING) {
                try {
                    mig.setState(VfioMigState.RUNNING);
                } catch (ErrnoException e) {
                    mig.reset();
                }
            }
        }
        m.setVcpusRunning(true);
        if (trackers != null) {
            trackers.stop("migration cancelled");
        }
    }

    private void finish(MigrationResult.Result r, String reason, Verification v, long finalPages, long downtime) {
        List<SplitReport> splits = trackers == null ? List.of() : trackers.splitReports();
        long hitsBefore = atStart == null ? 0 : atStart.iotlbHits();
        long missesBefore = atStart == null ? 0 : atStart.iotlbMisses();
        result = new MigrationResult(r, reason, rounds, pagesSent, bytesSent, deviceBytes, finalPages, downtime,
                m.clock().now() - startNs, hitsBefore, missesBefore, splits, plan, v, stopCopy);
        phase = Phase.DONE;
        vmm.emit(new VmmEvents.MigrationFinished(r.name(), reason));
    }

}

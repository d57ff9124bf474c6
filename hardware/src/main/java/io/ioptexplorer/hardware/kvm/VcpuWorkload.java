package io.ioptexplorer.hardware.kvm;

import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A configurable generator of guest vCPU writes, driven only by simulated time ({@link #advance}) and by the one
 * seeded {@link RandomGenerator} the simulation passes in: the same seed and the same calls give the same writes.
 *
 * <p><b>Timing.</b> The configured rate is the guest's total; writes of {@code accessSize} bytes are due at exact
 * multiples of {@code accessSize / rate} (kept as an exact fraction, so {@code T} ns bring
 * {@code floor(T·rate / (accessSize·10⁹))} writes) and go round-robin to the vCPUs (write j to vCPU j mod n). The
 * {@code BURST} pattern keeps the same average rate but compresses each cycle's writes into its on-phase.
 *
 * <p><b>Addresses</b> lie in the working set [{@code workingSetBase}, +{@code workingSetBytes}), aligned to the access
 * size: {@code SEQUENTIAL} — each vCPU walks its own stripe start onwards, wrapping; {@code RANDOM} — uniform;
 * {@code ZIPF} — rank r (probability ∝ r^-skew) is the r-th access-size block from the base, so the hot set is the
 * start of the working set; {@code BURST} — each on-phase a vCPU starts at a uniformly random block and writes
 * sequentially.
 *
 * <p><b>Full dirty rings.</b> Each write goes to the {@link VcpuDirtyLog} (if any) and then to the listener (if any).
 * A vCPU stopped on a full ring generates nothing: its due writes are lost (the vCPU is not running) and the time is
 * counted as stalled, until its ring has been harvested and reset; a write cut short by the ring filling is finished
 * first when the vCPU runs again.
 */
public final class VcpuWorkload {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Address pattern. */
    public enum Pattern { SEQUENTIAL, RANDOM, ZIPF, BURST }

    /** Receives every performed write (the part actually performed, for a write cut short by a full ring). */
    @FunctionalInterface
    public interface GuestWriteListener {
        void onWrite(int vcpu, long gpa, long length);
    }

    /**
     * Workload parameters.
     *
     * @param bytesPerSecond total guest write rate (all vCPUs together); 0 = idle
     * @param accessSize bytes per write, > 0
     * @param pattern address pattern
     * @param workingSetBase first guest-physical byte of the working set
     * @param workingSetBytes size of the working set, ≥ accessSize
     * @param vcpus number of writing vCPUs
     * @param zipfSkew exponent for {@link Pattern#ZIPF} (> 0)
     * @param burstOnNanos on-phase length for {@link Pattern#BURST} (> 0)
     * @param burstOffNanos off-phase length for {@link Pattern#BURST} (≥ 0)
     */
    public record Config(long bytesPerSecond, int accessSize, Pattern pattern, long workingSetBase,
            long workingSetBytes, int vcpus, double zipfSkew, long burstOnNanos, long burstOffNanos) {
        public Config {
            Objects.requireNonNull(pattern, "pattern");
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("rate must not be negative");
            }
            if (accessSize <= 0) {
                throw new IllegalArgumentException("access size must be positive");
            }
            if (workingSetBase < 0 || workingSetBytes < accessSize) {
                throw new IllegalArgumentException("working set must hold at least one access");
            }
            if (vcpus <= 0) {
                throw new IllegalArgumentException("need at least one vCPU");
            }
            if (pattern == Pattern.ZIPF && !(zipfSkew > 0)) {
                throw new IllegalArgumentException("zipf skew must be positive");
            }
            if (pattern == Pattern.BURST && (burstOnNanos <= 0 || burstOffNanos < 0)) {
                throw new IllegalArgumentException("burst needs a positive on-phase and a non-negative off-phase");
            }
        }

        /** Steady, non-burst configuration (skew 1.0 where ZIPF is used). */
        public static Config of(long bytesPerSecond, int accessSize, Pattern pattern, long workingSetBase,
                long workingSetBytes, int vcpus) {
            return new Config(bytesPerSecond, accessSize, pattern, workingSetBase, workingSetBytes, vcpus, 1.0,
                    1_000_000L, 0L);
        }

        public Config withZipfSkew(double skew) {
            return new Config(bytesPerSecond, accessSize, pattern, workingSetBase, workingSetBytes, vcpus, skew,
                    burstOnNanos, burstOffNanos);
        }

        public Config withBurst(long onNanos, long offNanos) {
            return new Config(bytesPerSecond, accessSize, pattern, workingSetBase, workingSetBytes, vcpus, zipfSkew,
                    onNanos, offNanos);
        }
    }

    private final Config cfg;
    private final RandomGenerator rng;
    private final VcpuDirtyLog log;
    private final GuestWriteListener listener;
    private final long units;
    private final ZipfSampler zipf;

    private long now;
    // Exact effective time of the next due write: nextInt + nextFrac/rate ns.
    private long nextInt;
    private long nextFrac;
    private final long stepInt;
    private final long stepFrac;
    private long writeSeq; // writes scheduled so far (performed or lost)

    private final long[] cursor;
    private final long[] burstCycle;
    private final long[] stalledSince;
    private final long[] stalledNanos;
    private final long[] pendingGpa;
    private final long[] pendingLen;

    private long writesPerformed;
    private long bytesWritten;
    private long writesLostStalled;

    /**
     * @param rng the simulation's seeded generator (never an unseeded one)
     * @param log the dirty log the writes go to, or null; its vCPU count must cover {@code cfg.vcpus()}
     * @param listener also told of every write, or null
     */
    public VcpuWorkload(Config cfg, RandomGenerator rng, VcpuDirtyLog log, GuestWriteListener listener) {
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.log = log;
        this.listener = listener;
        if (log != null && log.vcpuCount() < cfg.vcpus()) {
            throw new IllegalArgumentException("dirty log has " + log.vcpuCount() + " vCPUs, workload needs "
                    + cfg.vcpus());
        }
        this.units = cfg.workingSetBytes() / cfg.accessSize();
        this.zipf = cfg.pattern() == Pattern.ZIPF ? new ZipfSampler(units, cfg.zipfSkew()) : null;
        int n = cfg.vcpus();
        cursor = new long[n];
        for (int v = 0; v < n; v++) {
            cursor[v] = units / n * v + units % n * v / n; // start of vCPU v's stripe, floor(units·v/n)
        }
        burstCycle = new long[n];
        Arrays.fill(burstCycle, -1);
        stalledSince = new long[n];
        Arrays.fill(stalledSince, -1);
        stalledNanos = new long[n];
        pendingGpa = new long[n];
        pendingLen = new long[n];
        if (cfg.bytesPerSecond() > 0) {
            long perWrite = (long) cfg.accessSize() * NANOS_PER_SECOND; // ≤ 2^31·10⁹, fits
            stepInt = perWrite / cfg.bytesPerSecond();
            stepFrac = perWrite % cfg.bytesPerSecond();
            nextInt = stepInt;
            nextFrac = stepFrac;
        } else {
            stepInt = 0;
            stepFrac = 0;
        }
    }

    private VcpuWorkload(VcpuWorkload o, CopyContext ctx, GuestWriteListener listener) {
        this.cfg = o.cfg;
        this.rng = ctx.random(o.rng);
        this.log = o.log == null ? null : o.log.copy(ctx);
        this.listener = listener;
        this.units = o.units;
        this.zipf = o.zipf; // immutable
        this.now = o.now;
        this.nextInt = o.nextInt;
        this.nextFrac = o.nextFrac;
        this.stepInt = o.stepInt;
        this.stepFrac = o.stepFrac;
        this.writeSeq = o.writeSeq;
        this.cursor = ctx.copy(o.cursor);
        this.burstCycle = ctx.copy(o.burstCycle);
        this.stalledSince = ctx.copy(o.stalledSince);
        this.stalledNanos = ctx.copy(o.stalledNanos);
        this.pendingGpa = ctx.copy(o.pendingGpa);
        this.pendingLen = ctx.copy(o.pendingLen);
        this.writesPerformed = o.writesPerformed;
        this.bytesWritten = o.bytesWritten;
        this.writesLostStalled = o.writesLostStalled;
    }

    /**
     * A workload in the same state, drawing from the copy of the generator and logging to the copy of the log;
     * {@code listener} is the copied machine's (the original's points into the original machine).
     */
    public VcpuWorkload copy(CopyContext ctx, GuestWriteListener listener) {
        return ctx.copy(this, c -> new VcpuWorkload(this, c, listener));
    }

    public Config config() {
        return cfg;
    }

    /** Simulated time this workload has run, in ns. */
    public long now() {
        return now;
    }

    /**
     * Runs the guest for {@code nanos} of simulated time, performing every write due in (now, now+nanos].
     * Returns the number of writes performed in this call.
     */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time runs forward only: " + nanos);
        }
        long end = now + nanos;
        long before = writesPerformed;
        int n = cfg.vcpus();
        for (int v = 0; v < n; v++) {
            boolean stoppedNow = log != null && log.isVcpuStopped(v);
            if (stalledSince[v] >= 0 && !stoppedNow) {
                stalledSince[v] = -1; // its ring was harvested and reset since the last call
                if (pendingLen[v] > 0) {
                    perform(v, pendingGpa[v], pendingLen[v], now);
                }
            } else if (stalledSince[v] < 0 && stoppedNow) {
                stalledSince[v] = now;
            }
        }
        if (cfg.bytesPerSecond() > 0) {
            while (true) {
                long due = dueTime();
                if (due > end) {
                    break;
                }
                int v = (int) (writeSeq % n);
                long cycle = currentCycle();
                writeSeq++;
                nextInt += stepInt;
                nextFrac += stepFrac;
                if (nextFrac >= cfg.bytesPerSecond()) {
                    nextFrac -= cfg.bytesPerSecond();
                    nextInt++;
                }
                if (stalledSince[v] >= 0) {
                    writesLostStalled++;
                    continue;
                }
                perform(v, address(v, cycle), cfg.accessSize(), due);
            }
        }
        for (int v = 0; v < n; v++) {
            if (stalledSince[v] >= 0) {
                stalledNanos[v] += end - Math.max(stalledSince[v], now);
            }
        }
        now = end;
        return writesPerformed - before;
    }

    private void perform(int v, long gpa, long len, long at) {
        long done = log == null ? len : log.writeRange(v, gpa, len);
        if (done > 0) {
            writesPerformed++;
            bytesWritten += done;
            if (listener != null) {
                listener.onWrite(v, gpa, done);
            }
        }
        if (done < len) {
            pendingGpa[v] = gpa + done;
            pendingLen[v] = len - done;
        } else {
            pendingLen[v] = 0;
        }
        if (log != null && log.isVcpuStopped(v)) {
            stalledSince[v] = at;
        }
    }

    /** Real time of the next due write. */
    private long dueTime() {
        if (cfg.pattern() != Pattern.BURST) {
            return nextFrac == 0 ? nextInt : nextInt + 1;
        }
        long cycleLen = cfg.burstOnNanos() + cfg.burstOffNanos();
        long c = nextInt / cycleLen;
        double r = (nextInt - c * cycleLen) + (double) nextFrac / cfg.bytesPerSecond();
        if (r == 0 && c > 0) {
            c--;
            r = cycleLen;
        }
        return c * cycleLen + (long) Math.ceil(r * cfg.burstOnNanos() / cycleLen);
    }

    private long currentCycle() {
        if (cfg.pattern() != Pattern.BURST) {
            return 0;
        }
        long cycleLen = cfg.burstOnNanos() + cfg.burstOffNanos();
        long c = nextInt / cycleLen;
        if (nextInt == c * cycleLen && nextFrac == 0 && c > 0) {
            c--;
        }
        return c;
    }

    private long address(int v, long cycle) {
        long unit;
        switch (cfg.pattern()) {
            case SEQUENTIAL:
                unit = cursor[v];
                cursor[v] = unit + 1 == units ? 0 : unit + 1;
                break;
            case RANDOM:
                unit = rng.nextLong(units);
                break;
            case ZIPF:
                unit = zipf.sample(rng) - 1;
                break;
            case BURST:
            default:
                if (burstCycle[v] != cycle) {
                    burstCycle[v] = cycle;
                    cursor[v] = rng.nextLong(units);
                }
                unit = cursor[v];
                cursor[v] = unit + 1 == units ? 0 : unit + 1;
                break;
        }
        return cfg.workingSetBase() + unit * cfg.accessSize();
    }

    /** Writes performed (including the finishing part of a write cut short by a full ring). */
    public long writesPerformed() {
        return writesPerformed;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Writes that fell due while their vCPU was stopped on a full ring, and so never happened. */
    public long writesLostStalled() {
        return writesLostStalled;
    }

    /** Simulated time {@code vcpu} spent stopped on a full dirty ring. */
    public long stalledNanos(int vcpu) {
        return stalledNanos[vcpu];
    }

    public long totalStalledNanos() {
        long t = 0;
        for (long s : stalledNanos) {
            t += s;
        }
        return t;
    }

    /** Whether the vCPU is currently stalled (as of the last {@link #advance}). */
    public boolean isStalled(int vcpu) {
        return stalledSince[vcpu] >= 0;
    }
}

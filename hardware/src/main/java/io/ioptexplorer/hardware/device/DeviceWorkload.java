package io.ioptexplorer.hardware.device;

import io.ioptexplorer.hardware.kvm.ZipfSampler;
import io.ioptexplorer.hardware.sim.CopyContext;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A device's DMA traffic: {@code rate} bytes per second in accesses of {@code accessSize} bytes, placed in the
 * working set {@code [base, base + workingSet)} by the pattern, a fraction {@code readRatio} of them reads. All
 * randomness comes from the simulation's seeded generator.
 */
public final class DeviceWorkload {
    /** NIC descriptors are 16 bytes (a typical RX descriptor); the ring takes the first 64 KiB of the working set. */
    static final int DESCRIPTOR_SIZE = 16;
    static final long DESCRIPTOR_RING_BYTES = 64 * 1024;

    /**
     * @param bytesPerSecond bytes moved per second, 0 for idle
     * @param accessSize     bytes per access (a packet, a block, a burst chunk)
     * @param base           first IOVA of the working set
     * @param workingSet     bytes of the working set
     * @param readRatio      fraction of accesses that are reads, in [0, 1]
     * @param zipfSkew       skew for {@link AccessPattern#ZIPF}
     * @param burstBytes     contiguous bytes per burst for {@link AccessPattern#BURST}
     */
    public record Config(long bytesPerSecond, int accessSize, AccessPattern pattern, long base, long workingSet,
                         double readRatio, double zipfSkew, long burstBytes) {
        public Config {
            Objects.requireNonNull(pattern, "pattern");
            if (bytesPerSecond < 0 || accessSize <= 0 || workingSet < accessSize) {
                throw new IllegalArgumentException("workload needs rate >= 0, access size > 0 and a working set "
                        + "that holds at least one access");
            }
            if (readRatio < 0 || readRatio > 1) {
                throw new IllegalArgumentException("read ratio must be within [0, 1], not " + readRatio);
            }
            if (pattern == AccessPattern.RING && workingSet <= DESCRIPTOR_RING_BYTES) {
                throw new IllegalArgumentException("a ring workload needs a working set larger than its 64 KiB "
                        + "descriptor ring");
            }
        }

        public static Config of(long bytesPerSecond, int accessSize, AccessPattern pattern, long base,
                                long workingSet) {
            return new Config(bytesPerSecond, accessSize, pattern, base, workingSet, 0.0, 1.0, 2L << 20);
        }
    }

    /** Where each access goes. */
    @FunctionalInterface
    public interface AccessSink {
        void access(long iova, long length, boolean write);
    }

    private final Config cfg;
    private final RandomGenerator rng;
    private final RateSchedule schedule;
    private final ZipfSampler zipf;
    private long cursor;
    private long descriptorCursor;
    private long burstLeft;

    public DeviceWorkload(Config cfg, RandomGenerator rng) {
        this.cfg = cfg;
        this.rng = Objects.requireNonNull(rng, "rng");
        this.schedule = new RateSchedule(cfg.bytesPerSecond(), cfg.accessSize());
        this.zipf = cfg.pattern() == AccessPattern.ZIPF ? new ZipfSampler(slots(), cfg.zipfSkew()) : null;
    }

    private DeviceWorkload(DeviceWorkload o, CopyContext ctx) {
        this.cfg = o.cfg;
        this.rng = ctx.random(o.rng);
        this.schedule = o.schedule.copy();
        this.zipf = o.zipf; // immutable
        this.cursor = o.cursor;
        this.descriptorCursor = o.descriptorCursor;
        this.burstLeft = o.burstLeft;
    }

    /** A workload in the same state, drawing from the copy of the generator. */
    public DeviceWorkload copy(CopyContext ctx) {
        return ctx.copy(this, c -> new DeviceWorkload(this, c));
    }

    public Config config() {
        return cfg;
    }

    /** Performs the accesses due in the next {@code nanos} of simulated time; returns how many. */
    public long advance(long nanos, AccessSink sink) {
        long n = schedule.advance(nanos);
        for (long i = 0; i < n; i++) {
            boolean write = cfg.readRatio() == 0 || rng.nextDouble() >= cfg.readRatio();
            if (cfg.pattern() == AccessPattern.RING) {
                // Each received packet: its buffer is filled, then its descriptor is written back.
                long bufferArea = cfg.workingSet() - DESCRIPTOR_RING_BYTES;
                long buffers = Math.max(1, bufferArea / cfg.accessSize());
                long buf = cfg.base() + DESCRIPTOR_RING_BYTES + (cursor++ % buffers) * cfg.accessSize();
                sink.access(buf, Math.min(cfg.accessSize(), bufferArea), write);
                long desc = cfg.base() + (descriptorCursor++ % (DESCRIPTOR_RING_BYTES / DESCRIPTOR_SIZE))
                        * DESCRIPTOR_SIZE;
                sink.access(desc, DESCRIPTOR_SIZE, true);
            } else {
                sink.access(nextAddress(), cfg.accessSize(), write);
            }
        }
        return n;
    }

    private long slots() {
        return cfg.workingSet() / cfg.accessSize();
    }

    private long nextAddress() {
        long slots = slots();
        long slot = switch (cfg.pattern()) {
            case SEQUENTIAL, RING -> cursor++ % slots;
            case RANDOM -> rng.nextLong(slots);
            case ZIPF -> zipf.sample(rng) - 1;
            case BURST -> {
                if (burstLeft == 0) {
                    long perBurst = Math.max(1, Math.min(slots, cfg.burstBytes() / cfg.accessSize()));
                    burstLeft = perBurst;
                    cursor = rng.nextLong(Math.max(1, slots - perBurst + 1));
                }
                burstLeft--;
                yield cursor++ % slots;
            }
        };
        return cfg.base() + slot * cfg.accessSize();
    }
}

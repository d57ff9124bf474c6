package io.ioptexplorer.hardware.scenario;

/**
 * A stream of memory accesses by a device (DMA) or by the vCPUs.
 *
 * @param rate       bytes written or read per second
 * @param size       bytes per access (default 4 KiB)
 * @param pattern    where the accesses go (default {@code random})
 * @param workingSet bytes of guest memory the accesses fall in (default: all of guest memory)
 * @param readRatio  fraction of accesses that read, in [0, 1] (default 0: all writes)
 */
public record WorkloadSpec(long rate, long size, Pattern pattern, long workingSet, double readRatio,
        SourceLocation location) {

    public enum Pattern implements YamlName { RING, SEQUENTIAL, RANDOM, ZIPF, BURST }

    public static final long DEFAULT_SIZE = 4 * Units.KiB;
}

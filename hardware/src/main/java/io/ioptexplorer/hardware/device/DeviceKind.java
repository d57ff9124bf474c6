package io.ioptexplorer.hardware.device;

/** The DMA devices a topology can place, each with the access shape it is known for. */
public enum DeviceKind {
    /** A NIC: a descriptor ring written per packet plus receive buffers filled in ring order. */
    NIC("nic", AccessPattern.RING, 2048),
    /** NVMe-like storage: block-sized writes into guest buffers. */
    STORAGE("storage", AccessPattern.RANDOM, 4096),
    /** A GPU-like device: large contiguous bursts. */
    GPU("gpu", AccessPattern.BURST, 64 * 1024),
    /** A device driven only by scripted DMA steps. */
    GENERIC("generic", AccessPattern.SEQUENTIAL, 4096),
    /** An emulated device (mdev-like) whose DMA goes through pinned pages, as legacy type1 tracks it. */
    EMULATED("emulated", AccessPattern.SEQUENTIAL, 4096);

    private final String key;
    private final AccessPattern defaultPattern;
    private final int defaultAccessSize;

    DeviceKind(String key, AccessPattern defaultPattern, int defaultAccessSize) {
        this.key = key;
        this.defaultPattern = defaultPattern;
        this.defaultAccessSize = defaultAccessSize;
    }

    public String key() {
        return key;
    }

    public AccessPattern defaultPattern() {
        return defaultPattern;
    }

    public int defaultAccessSize() {
        return defaultAccessSize;
    }

    public static DeviceKind byKey(String key) {
        for (DeviceKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}

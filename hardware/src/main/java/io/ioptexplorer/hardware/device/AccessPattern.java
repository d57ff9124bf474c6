package io.ioptexplorer.hardware.device;

/** Where in its working set a workload's next access lands. */
public enum AccessPattern {
    /** A NIC ring: a small descriptor write, then the next receive buffer in ring order, wrapping around. */
    RING("ring"),
    /** Consecutive accesses through the working set, wrapping around. */
    SEQUENTIAL("sequential"),
    /** Uniformly random, access-size aligned. */
    RANDOM("random"),
    /** A hot set: page ranks drawn with Zipf skew, rank 1 the hottest. */
    ZIPF("zipf"),
    /** Large contiguous bursts starting at random aligned offsets. */
    BURST("burst");

    private final String key;

    AccessPattern(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static AccessPattern byKey(String key) {
        for (AccessPattern p : values()) {
            if (p.key.equals(key)) {
                return p;
            }
        }
        return null;
    }
}

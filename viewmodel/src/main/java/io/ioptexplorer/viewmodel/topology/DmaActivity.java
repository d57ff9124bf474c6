package io.ioptexplorer.viewmodel.topology;

import java.util.Map;

/**
 * The DMA traffic since the previous snapshot: dma-access events per device and per IOMMU unit, counted on the
 * timeline between the two moments (at most {@link DmaActivityFeed#MAX_SCAN} events back: {@code capped} says the
 * counts are a lower bound). Empty after a rewind: traffic "since" a later moment means nothing.
 */
public record DmaActivity(Map<String, Long> byDevice, Map<String, Long> byUnit, boolean capped) {
    public static final DmaActivity NONE = new DmaActivity(Map.of(), Map.of(), false);

    public DmaActivity {
        byDevice = Map.copyOf(byDevice);
        byUnit = Map.copyOf(byUnit);
    }

    public long ofDevice(String id) {
        return byDevice.getOrDefault(id, 0L);
    }

    public long ofUnit(String id) {
        return byUnit.getOrDefault(id, 0L);
    }

    public boolean isEmpty() {
        return byDevice.isEmpty() && byUnit.isEmpty();
    }
}

package io.ioptexplorer.hardware.vmm;

import java.util.List;

/**
 * Stop-and-copy: the final sync (taken after vCPUs and devices stopped), what crossed the link during downtime, and
 * what stopping the trackers cost.
 *
 * @param syncs          per tracker, the final sync
 * @param pages          guest pages sent during downtime (the last round's dirty set and the final sync)
 * @param deviceBytes    device state read from the STOP_COPY data_fd and sent
 * @param downtimeNs     (pages · 4 KiB + deviceBytes) / B
 * @param invalidations  invalidation commands from the final sync through tracking stop (collapse included)
 * @param collapses      tables collapsed when tracking stopped
 */
public record StopCopyMetrics(List<TrackerSync> syncs, long pages, long deviceBytes, long downtimeNs,
                              long invalidations, long collapses) {
    public StopCopyMetrics {
        syncs = List.copyOf(syncs);
    }
}

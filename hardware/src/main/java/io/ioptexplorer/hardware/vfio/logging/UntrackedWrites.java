package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.sim.CopyContext;

/**
 * The DMA writes a device tracker could not log because (part of) them fell outside every range it tracks: the
 * coverage a range limit or a merged hole costs. Counted, and each one reported as an event so it never goes unseen.
 */
final class UntrackedWrites {
    private final String device;
    private final EventSink events;
    private long writes;
    private long bytes;

    UntrackedWrites(String device, EventSink events) {
        this.device = device;
        this.events = events;
    }

    UntrackedWrites copy(CopyContext ctx) {
        UntrackedWrites u = new UntrackedWrites(device, ctx.sink(events));
        u.writes = writes;
        u.bytes = bytes;
        return u;
    }

    /** A write of {@code length} bytes at {@code iova} of which {@code lost} bytes were not logged. */
    void record(long iova, long length, long lost) {
        if (lost == 0) {
            return;
        }
        writes++;
        bytes += lost;
        if (events.enabled()) {
            events.emit(new DmaLoggingEvents.UntrackedWrite(device, iova, length, lost));
        }
    }

    void reset() {
        writes = 0;
        bytes = 0;
    }

    long writes() {
        return writes;
    }

    long bytes() {
        return bytes;
    }
}

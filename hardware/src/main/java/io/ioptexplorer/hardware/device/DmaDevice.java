package io.ioptexplorer.hardware.device;

import io.ioptexplorer.hardware.iommu.IommuUnit;
import io.ioptexplorer.hardware.memory.GuestMemory;
import io.ioptexplorer.hardware.sim.CopyContext;
import io.ioptexplorer.hardware.vfio.logging.DeviceDirtyTracker;

/**
 * A DMA-capable device behind an IOMMU port. Every access is translated page by page (one translation per IOMMU
 * granule touched); a write that translates bumps the versions of the guest pages it lands in (the ground truth) and
 * is also reported to the device's own dirty tracker when it has one (mlx5/pds style, which log by IOVA).
 */
public final class DmaDevice {
    private final String id;
    private final DeviceKind kind;
    private final IommuUnit.Port port;
    private final GuestMemory memory;
    private final long granule;
    private DeviceDirtyTracker tracker;
    private DeviceWorkload workload;

    private long writes;
    private long reads;
    private long bytesWritten;
    private long bytesRead;
    private long faults;

    public DmaDevice(String id, DeviceKind kind, IommuUnit.Port port, GuestMemory memory) {
        this.id = id;
        this.kind = kind;
        this.port = port;
        this.memory = memory;
        this.granule = port.unit().format().granule();
    }

    private DmaDevice(DmaDevice o, CopyContext ctx) {
        this.id = o.id;
        this.kind = o.kind;
        this.port = o.port.copy(ctx);
        this.memory = o.memory.copy(ctx);
        this.granule = o.granule;
        this.tracker = o.tracker == null ? null : o.tracker.copy(ctx);
        this.workload = o.workload == null ? null : o.workload.copy(ctx);
        this.writes = o.writes;
        this.reads = o.reads;
        this.bytesWritten = o.bytesWritten;
        this.bytesRead = o.bytesRead;
        this.faults = o.faults;
    }

    /** A device in the same state, on the copies of its port, memory, tracker and workload. */
    public DmaDevice copy(CopyContext ctx) {
        return ctx.copy(this, c -> new DmaDevice(this, c));
    }

    public String id() {
        return id;
    }

    public DeviceKind kind() {
        return kind;
    }

    public IommuUnit.Port port() {
        return port;
    }

    public DeviceDirtyTracker tracker() {
        return tracker;
    }

    public void setTracker(DeviceDirtyTracker tracker) {
        this.tracker = tracker;
    }

    public DeviceWorkload workload() {
        return workload;
    }

    public void setWorkload(DeviceWorkload workload) {
        this.workload = workload;
    }

    /** Runs the device's workload for {@code nanos} of simulated time; returns accesses performed. */
    public long run(long nanos) {
        return workload == null ? 0 : workload.advance(nanos, this::dma);
    }

    /**
     * One DMA access of {@code length} bytes at {@code iova}. Returns the bytes that went through; a page the IOMMU
     * refuses is skipped (a fault event is recorded by the IOMMU) and the rest of the access continues, as a device
     * whose transaction is aborted per page would see it.
     */
    public long dma(long iova, long length, boolean write) {
        port.dmaIssued(iova, length, write);
        long done = 0;
        long pos = iova;
        long end = iova + length;
        while (Long.compareUnsigned(pos, end) < 0) {
            long pageEnd = (pos | (granule - 1)) + 1;
            long chunk = Math.min(end, pageEnd == 0 ? end : pageEnd) - pos;
            long pa = port.access(pos, write);
            if (pa < 0) {
                faults++;
            } else {
                done += chunk;
                if (write) {
                    memory.write(pa - memory.hostBase(), chunk);
                }
            }
            pos += chunk;
        }
        if (write) {
            writes++;
            bytesWritten += done;
            if (tracker != null && done > 0) {
                tracker.onDmaWrite(iova, length);
            }
        } else {
            reads++;
            bytesRead += done;
        }
        return done;
    }

    /** {@code size} bytes at every {@code stride} from {@code iova} to {@code iova + length} (the scenario step). */
    public long dmaStrided(long iova, long length, long stride, long size, boolean write) {
        if (stride <= 0 || size <= 0) {
            throw new IllegalArgumentException("stride and size must be positive");
        }
        long total = 0;
        for (long off = 0; off < length; off += stride) {
            total += dma(iova + off, Math.min(size, length - off), write);
        }
        return total;
    }

    public DeviceStats stats() {
        return new DeviceStats(writes, reads, bytesWritten, bytesRead, faults);
    }

    /** Counters of one device. */
    public record DeviceStats(long writes, long reads, long bytesWritten, long bytesRead, long faults) {
    }
}

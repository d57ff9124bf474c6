package io.ioptexplorer.hardware.vmm;

import io.ioptexplorer.hardware.bitmap.DirtySet;
import io.ioptexplorer.hardware.kvm.KvmDirtyGfn;
import io.ioptexplorer.hardware.kvm.Memslot;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog;
import java.util.Set;

/**
 * KVM's side (reference §7). Bitmap mode: {@code KVM_GET_DIRTY_LOG} on the memslot (classic mode clears; with
 * manual protect, {@code KVM_CLEAR_DIRTY_LOG} of the whole slot follows). Dirty-ring mode: harvest every vCPU's
 * ring, then {@code KVM_RESET_DIRTY_RINGS}; a vCPU stopped on a full ring is served by {@link #reapIfFull()} between
 * slices (QEMU's reaper), whose pages wait for the next sync.
 */
final class KvmDirtyTracker implements DirtyTracker {
    private final VcpuDirtyLog log;
    private final Memslot slot;
    private DirtySet reaped = new DirtySet();
    private long ringFullReaps;

    KvmDirtyTracker(VcpuDirtyLog log, Memslot slot) {
        this.log = log;
        this.slot = slot;
    }

    @Override
    public String name() {
        return "kvm";
    }

    @Override
    public TrackerKind kind() {
        return TrackerKind.KVM;
    }

    @Override
    public Set<String> sources() {
        return Set.of("vcpus");
    }

    @Override
    public void start() {
        sync(); // what was logged before migration is covered by round 0
    }

    /** Harvests and resets the rings when a vCPU is stopped on a full one; returns whether it did. */
    boolean reapIfFull() {
        if (log.mode() != VcpuDirtyLog.Mode.DIRTY_RING) {
            return false;
        }
        for (int v = 0; v < log.vcpuCount(); v++) {
            if (log.isVcpuStopped(v)) {
                harvestInto(reaped);
                ringFullReaps++;
                return true;
            }
        }
        return false;
    }

    long ringFullReaps() {
        return ringFullReaps;
    }

    private void harvestInto(DirtySet out) {
        long basePfn = slot.gpaBase() >>> Memslot.PAGE_SHIFT;
        for (KvmDirtyGfn g : log.harvestAll()) {
            out.add(basePfn + g.offset());
        }
        log.resetRings();
    }

    @Override
    public DirtySet sync() {
        DirtySet out = reaped;
        reaped = new DirtySet();
        if (log.mode() == VcpuDirtyLog.Mode.DIRTY_RING) {
            harvestInto(out);
            return out;
        }
        long[] bitmap = log.getDirtyLog(slot.slotId());
        if (log.manualProtect()) {
            log.clearDirtyLog(slot.slotId(), 0, slot.npages());
        }
        long basePfn = slot.gpaBase() >>> Memslot.PAGE_SHIFT;
        for (int w = 0; w < bitmap.length; w++) {
            long word = bitmap[w];
            while (word != 0) {
                int b = Long.numberOfTrailingZeros(word);
                out.add(basePfn + ((long) w << 6) + b);
                word &= word - 1;
            }
        }
        return out;
    }

    @Override
    public void stop() {
        // KVM keeps logging for the VM's lifetime here; nothing to undo.
    }
}

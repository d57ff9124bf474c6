package io.ioptexplorer.hardware.kvm;

/**
 * One dirty-ring entry, {@code struct kvm_dirty_gfn { u32 flags; u32 slot; u64 offset; }} from
 * {@code include/uapi/linux/kvm.h} (reference §7). {@code offset} is the page index inside the memslot.
 * Flags: bit 0 DIRTY (pushed by KVM), bit 1 RESET (harvested by userspace); 00 invalid → 01 dirty → 1x harvested →
 * back to 00 by {@code KVM_RESET_DIRTY_RINGS}.
 */
public record KvmDirtyGfn(int flags, int slot, long offset) {
    public static final int F_DIRTY = 1 << 0;
    public static final int F_RESET = 1 << 1;

    public boolean isDirty() {
        return (flags & F_DIRTY) != 0 && (flags & F_RESET) == 0;
    }

    public boolean isHarvested() {
        return (flags & F_RESET) != 0;
    }
}

package io.ioptexplorer.hardware.kvm;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * A vCPU wrote a page that was clean in KVM's dirty log, and KVM recorded it: {@code mark_page_dirty_in_slot()}
 * ({@code virt/kvm/kvm_main.c}) sets the page's bit in the memslot's dirty bitmap ({@code set_bit_le}), or with the
 * dirty ring pushes a {@code kvm_dirty_gfn} on the writing vCPU's ring ({@code kvm_dirty_ring_push},
 * {@code virt/kvm/dirty_ring.c}); reference §7. One event per page, as KVM marks one gfn at a time. Later writes to
 * the page are not events: KVM does not see them either (the page stays writable) until the log is cleared
 * ({@code KVM_GET_DIRTY_LOG}, {@code KVM_CLEAR_DIRTY_LOG}) or the ring entry is reset ({@code KVM_RESET_DIRTY_RINGS}).
 *
 * @param vcpu   the writing vCPU
 * @param gpa    the first byte the write touched in this page
 * @param length the bytes it wrote in this page
 * @param slot   the memslot id
 * @param ring   true: recorded on the vCPU's dirty ring; false: in the memslot's dirty bitmap
 */
public record VcpuWrite(int vcpu, long gpa, long length, int slot, boolean ring) implements SimEvent {
}

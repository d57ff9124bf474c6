package io.ioptexplorer.hardware.kvm;

import io.ioptexplorer.hardware.events.SimEvent;

/**
 * A vCPU's dirty ring filled: the vCPU exits to userspace (exit reason {@code KVM_EXIT_DIRTY_RING_FULL}, name
 * <b>unverified</b> per the reference) and cannot run until its ring is harvested and reset.
 */
public record DirtyRingFullEvent(int vcpu, int capacity) implements SimEvent {
}

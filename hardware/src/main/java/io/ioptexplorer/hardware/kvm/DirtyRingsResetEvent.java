package io.ioptexplorer.hardware.kvm;

import io.ioptexplorer.hardware.events.SimEvent;

/** {@code KVM_RESET_DIRTY_RINGS} recycled {@code entriesReset} harvested entries and let {@code vcpusResumed} run again. */
public record DirtyRingsResetEvent(int entriesReset, int vcpusResumed) implements SimEvent {
}

package io.ioptexplorer.hardware.pagetable;

/** Why a translation faulted. */
public enum FaultReason {
    /** No present entry (or the IOVA is beyond the table's address width). */
    NOT_PRESENT,
    /**
     * A write to an entry without write permission; also a write to a writable-clean entry when hardware dirty
     * update is off (Arm DBM without HTTU.HD, RISC-V D=0 without hardware A/D update).
     */
    WRITE_TO_READ_ONLY,
    /** A read of an entry without read permission (AMD IR=0, VT-d R=0, SMMU stage-2 S2AP[0]=0). */
    READ_NOT_PERMITTED
}

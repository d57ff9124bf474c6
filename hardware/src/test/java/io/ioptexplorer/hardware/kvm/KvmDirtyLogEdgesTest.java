package io.ioptexplorer.hardware.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static io.ioptexplorer.hardware.kvm.VcpuDirtyLogTest.errnoOf;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edges PIT found untested in the KVM dirty log: KVM_CLEAR_DIRTY_LOG's range rules (virt/kvm/kvm_main.c,
 * kvm_clear_dirty_log_protect: first_page a multiple of 64, the range inside the slot, num_pages a multiple of 64
 * unless it reaches the slot's end), writes across pages and memslot edges, and every accessor's vCPU and mode checks.
 */
class KvmDirtyLogEdgesTest {
    private static final long P = Memslot.PAGE_SIZE;
    /** Slot 0: 256 pages at 0; slot 1: 200 pages at 4 GiB (not a multiple of 64: its last word is partial). */
    private static final List<Memslot> SLOTS = List.of(new Memslot(0, 0, 256 * P), new Memslot(1, 1L << 32, 200 * P));
    private static final long SLOT1 = 1L << 32;

    private static VcpuDirtyLog manualWithEveryPageOfSlot1Dirty() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 1, true, false, null);
        assertThat(log.writeRange(0, SLOT1, 200 * P)).isEqualTo(200 * P);
        assertThat(log.dirtyPageCount(1)).isEqualTo(200);
        return log;
    }

    @Test
    void clearDirtyLogTakesExactlyTheRangesTheKernelTakes() {
        VcpuDirtyLog log = manualWithEveryPageOfSlot1Dirty();
        log.clearDirtyLog(1, 128, 72); // reaches the end: 72 is not a multiple of 64, and need not be
        assertThat(log.isPageDirty(1, 127)).isTrue();
        assertThat(log.isPageDirty(1, 128)).isFalse();
        assertThat(log.isPageDirty(1, 199)).isFalse();
        assertThat(log.dirtyPageCount(1)).isEqualTo(128);
        log.clearDirtyLog(1, 64, 64);
        assertThat(log.isPageDirty(1, 63)).isTrue();
        assertThat(log.isPageDirty(1, 64)).isFalse();
        assertThat(log.dirtyPageCount(1)).isEqualTo(64);
        log.clearDirtyLog(0, 256, 0); // first_page == npages is allowed (slot 0 has 256), and clears nothing
        log.clearDirtyLog(1, 0, 0);
        assertThat(log.dirtyPageCount(1)).isEqualTo(64);

        assertThat(errnoOf(() -> log.clearDirtyLog(1, 63, 64))).as("first_page not a multiple of 64")
                .isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> log.clearDirtyLog(1, 0, 65))).as("not 64s and short of the end")
                .isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> log.clearDirtyLog(1, 192, 9))).as("past the end").isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> log.clearDirtyLog(1, 0, 201))).as("more pages than the slot")
                .isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> log.clearDirtyLog(1, 256, 0))).as("first_page past the slot")
                .isEqualTo(Errno.EINVAL);
        assertThatThrownBy(() -> log.clearDirtyLog(1, 0, 128, new long[1])).as("the error says how many words")
                .hasMessageContaining("mask has 1 words, range needs 2");
        assertThat(errnoOf(() -> log.clearDirtyLog(1, 0, 128, new long[1]))).as("a mask one word short")
                .isEqualTo(Errno.EINVAL);
        assertThat(log.dirtyPageCount(1)).as("a refused clear clears nothing").isEqualTo(64);
    }

    /** Every call that names a vCPU refuses one the VM does not have, saying so (not an array's own error). */
    @Test
    void everyCallThatNamesAVcpuRefusesOneTheVmDoesNotHave() {
        VcpuDirtyLog bitmap = VcpuDirtyLog.bitmap(SLOTS, 2, true, false, null);
        VcpuDirtyLog ring = VcpuDirtyLog.dirtyRing(SLOTS, 2, 64, null);
        List<Runnable> calls = List.of(() -> bitmap.write(2, 0), () -> bitmap.writeRange(2, 0, P),
                () -> bitmap.write(-1, 0), () -> ring.write(2, 0), () -> ring.harvest(2), () -> ring.harvest(2, 4),
                () -> ring.isVcpuStopped(2), () -> ring.ringUsed(2), () -> ring.ringIndices(2),
                () -> ring.ringSnapshot(2));
        for (Runnable r : calls) {
            assertThatThrownBy(r::run).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("no vCPU "
                    + (r == calls.get(2) ? -1 : 2) + " (have 2)");
        }
        assertThat(bitmap.dirtyPageCount(0)).as("a refused write marks nothing").isZero();
    }

    /**
     * {@code struct kvm_dirty_gfn}'s flags (include/uapi/linux/kvm.h, Documentation/virt/kvm/api.rst "dirty ring"):
     * 00 invalid, 01 dirty (KVM pushed it), 1x harvested (userspace set RESET), back to 00 after
     * KVM_RESET_DIRTY_RINGS.
     */
    @Test
    void aRingEntryIsDirtyUntilHarvestedAndHarvestedOnceResetIsSet() {
        assertThat(new KvmDirtyGfn(0, 0, 0).isDirty()).isFalse();
        assertThat(new KvmDirtyGfn(0, 0, 0).isHarvested()).isFalse();
        assertThat(new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY, 0, 0).isDirty()).isTrue();
        assertThat(new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY, 0, 0).isHarvested()).isFalse();
        assertThat(new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY | KvmDirtyGfn.F_RESET, 0, 0).isDirty()).isFalse();
        assertThat(new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY | KvmDirtyGfn.F_RESET, 0, 0).isHarvested()).isTrue();
        assertThat(new KvmDirtyGfn(KvmDirtyGfn.F_RESET, 0, 0).isHarvested()).isTrue();
        assertThat(new KvmDirtyGfn(KvmDirtyGfn.F_RESET, 0, 0).isDirty()).isFalse();
    }

    @Test
    void clearDirtyLogClearsOnlyThePagesItsMaskNames() {
        VcpuDirtyLog log = manualWithEveryPageOfSlot1Dirty();
        log.clearDirtyLog(1, 64, 128, new long[] {0b101L, 1L << 63});
        assertThat(log.isPageDirty(1, 64)).isFalse();
        assertThat(log.isPageDirty(1, 65)).isTrue();
        assertThat(log.isPageDirty(1, 66)).isFalse();
        assertThat(log.isPageDirty(1, 191)).isFalse();
        assertThat(log.isPageDirty(1, 190)).isTrue();
        assertThat(log.dirtyPageCount(1)).isEqualTo(197);
        // the last word of a range that reaches a partial end: the mask's bits past page 199 name no page (those bits
        // of the log are never set, so masking them off is not observable: PIT's mutant there is equivalent)
        log.clearDirtyLog(1, 192, 8, new long[] {-1L});
        assertThat(log.dirtyPageCount(1)).isEqualTo(189);
    }

    @Test
    void aWriteAcrossPagesAndMemslotEdgesLogsEveryPageInASlot() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 1, true, false, null);
        assertThat(log.writeRange(0, 256 * P - 100, 300)).as("page 255 of slot 0, then the gap").isEqualTo(300);
        assertThat(log.isPageDirty(0, 255)).isTrue();
        assertThat(log.dirtyPageCount(0)).isEqualTo(1);
        assertThat(log.stats().writesOutsideMemslots()).as("part of it was in a slot").isZero();
        assertThat(log.writeRange(0, 300 * P, 5 * P)).as("all in the gap").isEqualTo(5 * P);
        assertThat(log.stats().writesOutsideMemslots()).isEqualTo(1);
        assertThat(log.writeRange(0, SLOT1 + P - 1, 2)).isEqualTo(2);
        assertThat(log.isPageDirty(1, 0)).isTrue();
        assertThat(log.isPageDirty(1, 1)).isTrue();
        assertThat(log.isPageDirty(1, 2)).isFalse();
        assertThat(log.writeRange(0, SLOT1 + 2 * P, P)).as("exactly one page").isEqualTo(P);
        assertThat(log.isPageDirty(1, 3)).isFalse();
        assertThatThrownBy(() -> log.writeRange(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.isPageDirty(1, 200)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> log.isPageDirty(1, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aVcpuStoppedOnAFullRingRunsAgainAsSoonAsOneEntryIsFree() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 1, 4, null);
        for (int i = 0; i < 4; i++) {
            log.write(0, i * P);
        }
        assertThat(log.isVcpuStopped(0)).isTrue();
        assertThat(log.harvest(0, 1)).hasSize(1);
        assertThat(log.resetRings()).isEqualTo(1);
        assertThat(log.isVcpuStopped(0)).as("one free entry is enough").isFalse();
        assertThat(log.ringIndices(0)).containsExactly(4, 1, 1);
        assertThat(log.ringSnapshot(0)).hasSize(4);
        assertThat(log.harvestAll()).hasSize(3);
    }

    @Test
    void everyAccessorChecksItsVcpuAndItsMode() {
        VcpuDirtyLog ring = VcpuDirtyLog.dirtyRing(SLOTS, 2, 8, null);
        VcpuDirtyLog bitmap = VcpuDirtyLog.bitmap(SLOTS, 2, false, false, null);
        for (Runnable r : List.<Runnable>of(() -> ring.ringUsed(2), () -> ring.ringIndices(2),
                () -> ring.ringSnapshot(2), () -> ring.harvest(2), () -> ring.isVcpuStopped(2),
                () -> ring.write(2, 0), () -> ring.ringUsed(-1), () -> bitmap.writeRange(2, 0, 1))) {
            assertThatThrownBy(r::run).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(ring.ringUsed(1)).isZero();
        // the ring's calls on a log in bitmap mode (kvm_vm_ioctl_reset_dirty_pages: EINVAL without a ring size)
        for (Runnable r : List.<Runnable>of(() -> bitmap.ringUsed(0), () -> bitmap.ringIndices(0),
                () -> bitmap.ringSnapshot(0), () -> bitmap.harvest(0), () -> bitmap.harvestAll(),
                bitmap::resetRings)) {
            assertThat(errnoOf(r)).isEqualTo(Errno.EINVAL);
        }
        // the bitmap's calls with the ring on (the kernel's ENXIO, which the shared errno list lacks)
        for (Runnable r : List.<Runnable>of(() -> ring.getDirtyLog(0), () -> ring.clearDirtyLog(0, 0, 64))) {
            assertThat(errnoOf(r)).isEqualTo(Errno.EOPNOTSUPP);
        }
        assertThat(bitmap.isVcpuStopped(1)).as("bitmap mode never stops a vCPU").isFalse();
        assertThat(bitmap.mode()).isEqualTo(VcpuDirtyLog.Mode.BITMAP);
        assertThat(ring.ringCapacity()).isEqualTo(8);
        assertThat(bitmap.memslots()).extracting(Memslot::slotId).containsExactly(0, 1);
    }
}

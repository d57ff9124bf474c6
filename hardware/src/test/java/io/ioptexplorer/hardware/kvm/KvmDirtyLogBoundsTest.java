package io.ioptexplorer.hardware.kvm;

import static io.ioptexplorer.hardware.kvm.VcpuDirtyLogTest.errnoOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the KVM dirty log that PIT's kvmlog run (issue 16) left alive: memslots that touch, the largest
 * dirty ring, KVM_CLEAR_DIRTY_LOG over a large slot and with a partial mask in its last word, what one multi-page
 * write counts, and the lookups only views use. Each is checked against the kernel, not against this code.
 *
 * <p>Mutants that no test can kill, each explained here (PIT's kvmlog run of 2026-11-30):
 * <ul>
 *   <li>{@code dirtyRing}: {@code ringEntries <= 0} as {@code < 0}. A size of 0 still fails the power-of-two test
 *       ({@code Integer.bitCount(0)} is 0), with the same EINVAL, as the kernel's {@code !size || (size & (size - 1))}
 *       in {@code kvm_vm_ioctl_enable_dirty_log_ring()} does in one test.</li>
 *   <li>{@code harvest}: {@code fetchIndex < dirtyIndex} as {@code <=}. At {@code fetchIndex == dirtyIndex} the ring
 *       slot read holds entry {@code dirtyIndex - size}, which is older than the fetch index and so harvested (RESET)
 *       or recycled (0), or was never written (0): never DIRTY, so the flag test stops the loop. Userspace in the
 *       kernel's protocol has no index test at all: it stops at the first entry whose flags are not DIRTY
 *       (Documentation/virt/kvm/api.rst, "dirty ring").</li>
 *   <li>{@code resetRings}: {@code resetIndex < dirtyIndex} as {@code <=}, for the same reason: the slot at
 *       {@code dirtyIndex} holds an entry older than the reset index, already set back to 0. The kernel's
 *       {@code kvm_dirty_ring_reset()} (virt/kvm/dirty_ring.c) loops {@code while (true)} and stops at the first entry
 *       not harvested.</li>
 *   <li>{@code harvestAll}: removing its {@code requireRing} call. Every log has at least one vCPU, and
 *       {@code harvest(0)} makes the same check with the same message, so a bitmap-mode log still fails with EINVAL
 *       before anything is read.</li>
 *   <li>The constructor: {@code npages > MAX_MEMSLOT_PAGES} as {@code >=}. Only a slot of exactly 2^37 pages tells
 *       them apart, and its bitmap is a {@code long[Integer.MAX_VALUE]} (16 GiB), which HotSpot refuses outright
 *       ("Requested array size exceeds VM limit", checked with JDK 17): the original fails with OutOfMemoryError, the
 *       mutant with E2BIG, and neither simulates the slot. No test on the build's heap can run it.</li>
 *   <li>{@code clearDirtyLog}: three of the four mutants of the last word's clipping (not clipping at all, and the
 *       two that clip nothing); the note beside the code says why. The fourth is killed below.</li>
 * </ul>
 */
class KvmDirtyLogBoundsTest {
    private static final long P = Memslot.PAGE_SIZE;

    /**
     * Memslots may touch: kvm_check_memslot_overlap() (virt/kvm/kvm_main.c) looks for another slot in the new one's
     * gfn range [base_gfn, base_gfn + npages), end excluded, and only a slot inside that range is EEXIST.
     */
    @Test
    void memslotsThatTouchAreNotAnOverlapAndAWriteAcrossTheSeamLogsBoth() {
        Memslot low = new Memslot(3, 0, 8 * P);
        Memslot high = new Memslot(4, 8 * P, 8 * P);
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(List.of(high, low), 1, false, false, null);
        assertThat(log.writeRange(0, 8 * P - 2, 4)).isEqualTo(4);
        assertThat(log.isPageDirty(3, 7)).isTrue();
        assertThat(log.isPageDirty(4, 0)).isTrue();
        assertThat(log.stats().pagesLogged()).isEqualTo(2);

        assertThat(log.memslotOf(0)).as("the lowest slot, sorted first").isEqualTo(low);
        assertThat(log.memslotOf(8 * P - 1)).isEqualTo(low);
        assertThat(log.memslotOf(8 * P)).isEqualTo(high);
        assertThat(log.memslotOf(16 * P - 1)).isEqualTo(high);
        assertThat(log.memslotOf(16 * P)).as("past the last slot").isNull();

        assertThat(errnoOf(() -> VcpuDirtyLog.bitmap(List.of(low, new Memslot(4, 7 * P, 8 * P)), 1, false, false,
                null))).as("one page shared").isEqualTo(Errno.EEXIST);
    }

    @Test
    void anAddressBelowTheFirstSlotOrInAGapHasNoMemslot() {
        Memslot a = new Memslot(0, 16 * P, 4 * P);
        Memslot b = new Memslot(1, 64 * P, 4 * P);
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(List.of(a, b), 1, 8, null);
        assertThat(log.memslotOf(16 * P - 1)).isNull();
        assertThat(log.memslotOf(16 * P)).isEqualTo(a);
        assertThat(log.memslotOf(20 * P)).as("the gap after slot 0").isNull();
        assertThat(log.memslotOf(67 * P + 5)).isEqualTo(b);
    }

    /** A log models vCPUs writing; with none there is nothing to log and no ring to own. */
    @Test
    void aLogNeedsAtLeastOneVcpu() {
        List<Memslot> slots = List.of(new Memslot(0, 0, 4 * P));
        assertThatThrownBy(() -> VcpuDirtyLog.bitmap(slots, 0, false, false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("need at least one vCPU");
        assertThat(VcpuDirtyLog.bitmap(slots, 1, false, false, null).vcpuCount()).isEqualTo(1);
    }

    /**
     * kvm_vm_ioctl_enable_dirty_log_ring() (virt/kvm/kvm_main.c) refuses a size above KVM_DIRTY_RING_MAX_ENTRIES
     * entries with E2BIG; that constant is 65536 in include/linux/kvm_host.h. The largest ring itself is allowed, and
     * its vCPU stops only when all of it is used (this model's limit; the kernel's soft limit is lower by
     * kvm_dirty_ring_get_rsvd_entries(): KVM_DIRTY_RING_RSVD_ENTRIES, 64, plus the arch's dirty-log buffer).
     */
    @Test
    void theLargestRingTheKernelAllowsIsAcceptedAndFillsAtItsSize() {
        List<Memslot> slots = List.of(new Memslot(0, 0, 65536 * P));
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(slots, 1, 65536, null);
        assertThat(log.ringCapacity()).isEqualTo(65536);
        assertThat(log.writeRange(0, 0, 65535 * P)).isEqualTo(65535 * P);
        assertThat(log.isVcpuStopped(0)).isFalse();
        assertThat(log.writeRange(0, 65535 * P, P)).isEqualTo(P);
        assertThat(log.isVcpuStopped(0)).isTrue();
        assertThat(errnoOf(() -> VcpuDirtyLog.dirtyRing(slots, 1, 131072, null))).isEqualTo(Errno.E2BIG);
        assertThat(errnoOf(() -> VcpuDirtyLog.dirtyRing(slots, 1, 0, null))).isEqualTo(Errno.EINVAL);
    }

    /**
     * KVM_CLEAR_DIRTY_LOG clears only the pages whose mask bit is set: kvm_clear_dirty_log_protect()
     * (virt/kvm/kvm_main.c) does {@code atomic_long_fetch_andnot(mask, p)} on each word, the last, partial word of a
     * range reaching the slot's end included.
     */
    @Test
    void aClearLeavesEveryPageItsMaskDoesNotNameInThePartialLastWord() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(List.of(new Memslot(1, 1L << 32, 200 * P)), 1, true, true, null);
        log.clearDirtyLog(1, 192, 8, new long[] {0b100L});
        assertThat(log.isPageDirty(1, 194)).isFalse();
        assertThat(log.isPageDirty(1, 192)).isTrue();
        assertThat(log.isPageDirty(1, 199)).isTrue();
        assertThat(log.dirtyPageCount(1)).isEqualTo(199);
        log.clearDirtyLog(1, 192, 8, new long[] {0});
        assertThat(log.dirtyPageCount(1)).as("an empty mask clears nothing").isEqualTo(199);
    }

    /**
     * A 128 GiB slot (2^25 pages, its bitmap 2^19 words) cleared in one call, as kvm_clear_dirty_log_protect()
     * allows: first_page 0 and num_pages reaching the end.
     */
    @Test
    void aWholeLargeSlotClearsInOneCall() {
        long pages = 1L << 25;
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(List.of(new Memslot(0, 0, pages * P)), 1, true, true, null);
        assertThat(log.dirtyPageCount(0)).isEqualTo(pages);
        log.clearDirtyLog(0, 0, pages);
        assertThat(log.dirtyPageCount(0)).isZero();
    }

    /** One guest write is one write in the counters, however many pages it spans, performed or refused. */
    @Test
    void aWriteAcrossPagesCountsOnceAndARefusedOneCountsAsRefused() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(List.of(new Memslot(0, 0, 16 * P)), 1, 4, null);
        assertThat(log.writeRange(0, P / 2, 3 * P)).isEqualTo(3 * P);
        assertThat(log.stats()).isEqualTo(new DirtyLogStats(1, 4, 1, 0, 0, 0, 0));
        assertThat(log.writeRange(0, 8 * P, 2 * P)).as("the vCPU is stopped on its full ring").isZero();
        assertThat(log.stats()).isEqualTo(new DirtyLogStats(2, 4, 1, 0, 0, 1, 0));
    }

    @Test
    void theLogSaysWhichInterfaceItModels() {
        List<Memslot> slots = List.of(new Memslot(0, 0, 4 * P), new Memslot(1, 4 * P, 4 * P));
        VcpuDirtyLog classic = VcpuDirtyLog.bitmap(slots, 2, false, false, null);
        VcpuDirtyLog manual = VcpuDirtyLog.bitmap(slots, 2, true, false, null);
        VcpuDirtyLog initiallySet = VcpuDirtyLog.bitmap(slots, 2, true, true, null);
        assertThat(classic.manualProtect()).isFalse();
        assertThat(classic.initiallySet()).isFalse();
        assertThat(manual.manualProtect()).isTrue();
        assertThat(manual.initiallySet()).isFalse();
        assertThat(initiallySet.initiallySet()).isTrue();
        assertThat(VcpuDirtyLog.dirtyRing(slots, 2, 8, null).toString())
                .contains("DIRTY_RING").contains("vcpus=2").contains("slots=2");
    }
}

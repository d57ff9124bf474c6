package io.ioptexplorer.hardware.kvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.events.EventLog;
import io.ioptexplorer.hardware.kvm.VcpuDirtyLog.WriteResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VcpuDirtyLogTest {
    private static final long P = Memslot.PAGE_SIZE;
    // Slot 0: 1 MiB at 0 (256 pages); slot 1: 200 pages at 4 GiB.
    private static final List<Memslot> SLOTS = List.of(new Memslot(1, 1L << 32, 200 * P), new Memslot(0, 0, 256 * P));

    /** The errno {@code r} fails with, or null when it does not fail (the KVM tests of this package share it). */
    static Errno errnoOf(Runnable r) {
        try {
            r.run();
        } catch (ErrnoException e) {
            return e.errno();
        }
        return null;
    }

    @Test
    void classicGetReturnsAndResets() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 2, false, false, null);
        assertThat(log.write(0, 5 * P + 17)).isEqualTo(WriteResult.LOGGED);
        assertThat(log.write(1, 5 * P)).isEqualTo(WriteResult.ALREADY_DIRTY);
        assertThat(log.write(1, 70 * P)).isEqualTo(WriteResult.LOGGED);
        assertThat(log.write(0, (1L << 32) + 199 * P)).isEqualTo(WriteResult.LOGGED);
        assertThat(log.write(0, 300 * P)).isEqualTo(WriteResult.NO_MEMSLOT);

        long[] b = log.getDirtyLog(0);
        assertThat(b).hasSize(4);
        assertThat(VcpuDirtyLog.pagesOf(b)).containsExactly(5, 70);
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).isEmpty(); // reset by the first GET
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(1))).containsExactly(199);
        log.write(0, 5 * P);
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).containsExactly(5);
        assertThat(log.stats().writes()).isEqualTo(6);
        assertThat(log.stats().pagesLogged()).isEqualTo(4);
        assertThat(log.stats().writesOutsideMemslots()).isEqualTo(1);
    }

    @Test
    void manualProtectGetDoesNotResetClearDoes() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 1, true, false, null);
        log.write(0, 3 * P);
        log.write(0, 65 * P);
        log.write(0, 130 * P);
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).containsExactly(3, 65, 130);
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).containsExactly(3, 65, 130);

        log.clearDirtyLog(0, 64, 64); // pages 64..127
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).containsExactly(3, 130);
        log.clearDirtyLog(0, 0, 64, new long[] {1L << 5}); // mask names page 5 only: page 3 stays
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).containsExactly(3, 130);
        log.clearDirtyLog(0, 128, 128); // to the end
        assertThat(VcpuDirtyLog.pagesOf(log.getDirtyLog(0))).containsExactly(3);
        log.write(0, 130 * P);
        assertThat(log.isPageDirty(0, 130)).isTrue();
    }

    @Test
    void clearRangeRulesFollowKvmClearDirtyLogProtect() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 1, true, false, null);
        assertThat(errnoOf(() -> log.clearDirtyLog(0, 1, 63))).isEqualTo(Errno.EINVAL); // first_page & 63
        assertThat(errnoOf(() -> log.clearDirtyLog(0, 0, 10))).isEqualTo(Errno.EINVAL); // short, not to the end
        assertThat(errnoOf(() -> log.clearDirtyLog(0, 192, 128))).isEqualTo(Errno.EINVAL); // beyond the slot
        assertThat(errnoOf(() -> log.clearDirtyLog(1, 192, 8))).isNull(); // 200-page slot: tail of 8 is fine
        assertThat(errnoOf(() -> log.clearDirtyLog(7, 0, 64))).isEqualTo(Errno.ENOENT);
        assertThat(errnoOf(() -> log.getDirtyLog(7))).isEqualTo(Errno.ENOENT);
        assertThat(errnoOf(() -> log.clearDirtyLog(0, 0, 128, new long[1]))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void initiallySetStartsAllDirtyAndNeedsManualProtect() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 1, true, true, null);
        assertThat(log.dirtyPageCount(0)).isEqualTo(256);
        assertThat(log.dirtyPageCount(1)).isEqualTo(200);
        assertThat(log.getDirtyLog(1)[3]).isEqualTo((1L << 8) - 1); // pages 192..199 only
        assertThat(log.write(0, 0)).isEqualTo(WriteResult.ALREADY_DIRTY);
        log.clearDirtyLog(0, 0, 256);
        assertThat(log.dirtyPageCount(0)).isZero();
        assertThat(log.write(0, 0)).isEqualTo(WriteResult.LOGGED);
        assertThat(errnoOf(() -> VcpuDirtyLog.bitmap(SLOTS, 1, false, true, null))).isEqualTo(Errno.EINVAL);
    }

    @Test
    void bitmapIsTheUnionOfAllVcpus() {
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 4, false, false, null);
        Set<Long> expected = new HashSet<>();
        for (int v = 0; v < 4; v++) {
            for (int k = 0; k < 10; k++) {
                long page = (v * 7L + k * 3L) % 256;
                log.write(v, page * P);
                expected.add(page);
            }
        }
        long[] pages = VcpuDirtyLog.pagesOf(log.getDirtyLog(0));
        assertThat(pages).hasSize(expected.size());
        for (long p : pages) {
            assertThat(expected).contains(p);
        }
    }

    @Test
    void ringLogsAPageOnceUntilResetInWriterOrder() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 2, 8, null);
        log.write(0, 10 * P);
        log.write(1, 10 * P + 8); // same page, other vCPU: nothing new
        log.write(1, 11 * P);
        log.write(0, (1L << 32) + 2 * P);
        log.write(0, 10 * P);
        assertThat(log.ringUsed(0)).isEqualTo(2);
        assertThat(log.ringUsed(1)).isEqualTo(1);
        List<KvmDirtyGfn> h0 = log.harvest(0);
        assertThat(h0).containsExactly(new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY, 0, 10),
                new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY, 1, 2));
        assertThat(log.ringSnapshot(0).subList(0, 2)).allMatch(KvmDirtyGfn::isHarvested);
        assertThat(log.harvest(0)).isEmpty();
        // Harvested but not reset: still logged, a new write adds nothing.
        assertThat(log.write(1, 10 * P)).isEqualTo(WriteResult.ALREADY_DIRTY);
        assertThat(log.resetRings()).isEqualTo(2); // vCPU 1's entry is not harvested: not recycled
        assertThat(log.ringSnapshot(0).get(0).flags()).isZero();
        assertThat(log.ringUsed(0)).isZero();
        assertThat(log.ringUsed(1)).isEqualTo(1);
        assertThat(log.write(1, 10 * P)).isEqualTo(WriteResult.LOGGED); // re-protected by the reset
        assertThat(log.harvest(1)).extracting(KvmDirtyGfn::offset).containsExactly(11L, 10L);
        assertThat(log.resetRings()).isEqualTo(2);
        assertThat(log.stats().entriesHarvested()).isEqualTo(4);
        assertThat(log.stats().entriesReset()).isEqualTo(4);
    }

    @Test
    void resetStopsAtTheFirstUnharvestedEntry() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 1, 8, null);
        for (int p = 0; p < 5; p++) {
            log.write(0, p * P);
        }
        assertThat(log.harvest(0, 2)).extracting(KvmDirtyGfn::offset).containsExactly(0L, 1L);
        assertThat(log.resetRings()).isEqualTo(2);
        assertThat(log.ringIndices(0)).containsExactly(5, 2, 2);
        assertThat(log.harvest(0)).extracting(KvmDirtyGfn::offset).containsExactly(2L, 3L, 4L);
        assertThat(log.resetRings()).isEqualTo(3);
        assertThat(log.ringIndices(0)).containsExactly(5, 5, 5);
    }

    @Test
    void fullRingStopsTheVcpuUntilHarvestedAndReset() {
        EventLog events = new EventLog();
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 2, 4, events);
        for (int p = 0; p < 4; p++) {
            assertThat(log.write(0, p * P)).isEqualTo(WriteResult.LOGGED);
        }
        assertThat(log.isVcpuStopped(0)).isTrue();
        assertThat(log.isVcpuStopped(1)).isFalse();
        assertThat(events.ofType(DirtyRingFullEvent.class)).containsExactly(new DirtyRingFullEvent(0, 4));
        assertThat(log.write(0, 9 * P)).isEqualTo(WriteResult.VCPU_STOPPED);
        assertThat(log.isPageDirty(0, 9)).isFalse();
        assertThat(log.write(1, 9 * P)).isEqualTo(WriteResult.LOGGED); // other vCPUs run on

        assertThat(log.resetRings()).isZero(); // nothing harvested: no space freed
        assertThat(log.isVcpuStopped(0)).isTrue();
        assertThat(log.harvest(0)).hasSize(4);
        assertThat(log.isVcpuStopped(0)).isTrue(); // harvest alone frees nothing
        assertThat(log.resetRings()).isEqualTo(4);
        assertThat(log.isVcpuStopped(0)).isFalse();
        assertThat(events.ofType(DirtyRingsResetEvent.class)).containsExactly(new DirtyRingsResetEvent(4, 1));
        // The ring wraps: the fifth entry lands in slot 0 again.
        assertThat(log.write(0, 20 * P)).isEqualTo(WriteResult.LOGGED);
        assertThat(log.ringSnapshot(0).get(0)).isEqualTo(new KvmDirtyGfn(KvmDirtyGfn.F_DIRTY, 0, 20));
        assertThat(log.stats().ringFullStops()).isEqualTo(1);
        assertThat(log.stats().writesRefusedStopped()).isEqualTo(1);
    }

    @Test
    void writeRangeStopsPartWayOnAFullRing() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 1, 2, null);
        assertThat(log.writeRange(0, 100, 4 * P)).isEqualTo(2 * P - 100); // pages 0 and 1, then full
        assertThat(log.writeRange(0, 0, 8)).isZero();
        log.harvest(0);
        log.resetRings();
        assertThat(log.writeRange(0, 2 * P - 100 + 100, 2 * P)).isEqualTo(2 * P);
    }

    @Test
    void ringUnionAcrossVcpusHasEachPageOnce() {
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 3, 256, null);
        Set<Long> written = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int v = i % 3;
            long page = (i * 37L) % 180;
            log.write(v, page * P);
            written.add(page);
        }
        List<KvmDirtyGfn> all = log.harvestAll();
        Set<Long> got = new HashSet<>();
        for (KvmDirtyGfn g : all) {
            assertThat(got.add(g.offset())).as("page %d logged twice", g.offset()).isTrue();
        }
        assertThat(got).isEqualTo(written);
    }

    @Test
    void modeSpecificCallsAreRefused() {
        VcpuDirtyLog ring = VcpuDirtyLog.dirtyRing(SLOTS, 1, 4, null);
        assertThat(errnoOf(() -> ring.getDirtyLog(0))).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(errnoOf(() -> ring.clearDirtyLog(0, 0, 64))).isEqualTo(Errno.EOPNOTSUPP);
        VcpuDirtyLog bm = VcpuDirtyLog.bitmap(SLOTS, 1, false, false, null);
        assertThat(errnoOf(bm::resetRings)).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> bm.harvest(0))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> VcpuDirtyLog.dirtyRing(SLOTS, 1, 6, null))).isEqualTo(Errno.EINVAL);
        assertThat(errnoOf(() -> VcpuDirtyLog.dirtyRing(SLOTS, 1, 1 << 17, null))).isEqualTo(Errno.E2BIG);
        assertThatThrownBy(() -> VcpuDirtyLog.bitmap(List.of(new Memslot(0, 0, 8 * P), new Memslot(1, 4 * P, 8 * P)),
                1, false, false, null)).hasMessageContaining("overlap");
    }

    @Test
    void eachPageAWriteLogsIsOneVcpuWriteEventAndAPageAlreadyLoggedIsNone() {
        EventLog events = new EventLog();
        VcpuDirtyLog log = VcpuDirtyLog.bitmap(SLOTS, 2, false, false, events);
        // 6 KiB from the middle of page 5: pages 5 and 6, the part of the write in each
        assertThat(log.writeRange(1, 5 * P + 0x800, 6 * 1024)).isEqualTo(6 * 1024);
        log.writeRange(0, 5 * P, 8); // page 5 is already logged: KVM sees nothing
        assertThat(events.ofType(VcpuWrite.class)).containsExactly(new VcpuWrite(1, 5 * P + 0x800, 0x800, 0, false),
                new VcpuWrite(1, 6 * P, 0x1000, 0, false));
        log.getDirtyLog(0); // classic GET clears (re-write-protects): the next write is logged again
        log.writeRange(0, 5 * P, 8);
        assertThat(events.ofType(VcpuWrite.class)).hasSize(3).last().isEqualTo(new VcpuWrite(0, 5 * P, 8, 0, false));
    }

    @Test
    void theRingWriteThatFillsTheRingComesBeforeTheStop() {
        EventLog events = new EventLog();
        VcpuDirtyLog log = VcpuDirtyLog.dirtyRing(SLOTS, 1, 2, events);
        log.write(0, 0);
        log.write(0, P);
        assertThat(events.events()).containsExactly(new VcpuWrite(0, 0, 1, 0, true), new VcpuWrite(0, P, 1, 0, true),
                new DirtyRingFullEvent(0, 2));
    }
}

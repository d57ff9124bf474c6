package io.ioptexplorer.hardware.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.events.EventSink;
import io.ioptexplorer.hardware.memory.TablePagePool;
import io.ioptexplorer.hardware.pagetable.Access;
import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.IoPageTable;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The walk of one IOVA, the IOVA map's buckets, and one leaf in every format. */
class WalkAndMapTest {
    private static final int RW = Prot.READ | Prot.WRITE;

    static List<PageTableFormat> formats() {
        return PageTableFormats.all();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void theWalkAgreesWithTranslateAndDecodesEveryLevelWithTheDescriptor(PageTableFormat fmt) {
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
        long g = fmt.granule();
        long base = 1L << fmt.itemShift(1);
        pt.map(base, 3 * base, 8 * g, RW, g);
        long iova = base + 5 * g + 12;
        WalkTrace w = WalkTrace.of(pt, iova);
        assertThat(w.reachedLeaf()).isTrue();
        assertThat(w.levels()).hasSize(fmt.levels());
        assertThat(w.levels().get(0).level()).isEqualTo(fmt.levels() - 1);
        assertThat(w.physAddr()).isEqualTo(pt.iovaToPhys(iova));
        assertThat(w.leafSize()).isEqualTo(g);
        for (WalkLevel l : w.levels()) {
            assertThat(l.raw()).isEqualTo(pt.entryAt(iova, l.level()));
            assertThat(l.fields()).isEqualTo(fmt.decode(l.raw(), l.level()));
        }
    }

    @Test
    void aWalkOfAnUnmappedIovaSaysWhereItStopped() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        pt.map(0, 0, 4096, RW, 4096);
        WalkTrace w = WalkTrace.of(pt, 0x40000000L);
        assertThat(w.reachedLeaf()).isFalse();
        assertThat(w.levels()).hasSize(2); // 1 GiB is entry 1 of the level-2 table, which is empty
        assertThat(w.stoppedWhy()).contains("level 2").contains("entry 1");
        assertThat(WalkTrace.of(pt, 1L << 50).stoppedWhy()).contains("beyond the 48-bit");
        List<String> lines = new ArrayList<>();
        PtDump.walk(WalkTrace.of(pt, 0x10), lines::add);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(4)).contains("L0").contains("leaf").contains("R=1").contains("W=1");
        assertThat(lines.get(5)).contains("-> 0x10");
    }

    @Test
    void theIovaMapShowsDirtyWhereAPageWasWrittenAndUnmappedElsewhere() {
        IoPageTable pt = new IoPageTable(PageTableFormats.vtdSecondStage(4), new TablePagePool(), EventSink.NONE);
        pt.map(0, 0, 4L << 20, RW, 4096);           // 1024 4 KiB leaves
        pt.map(4L << 20, 4L << 20, 2L << 20, RW, 2L << 20); // one 2 MiB leaf
        pt.translate(0x3000, Access.WRITE, true, true);
        pt.translate(0x5000, Access.READ, true, true);

        IovaMap fine = IovaMapCapture.capture(pt, 0, 12, 2048); // one page per bucket over 8 MiB
        assertThat(fine.state(3)).isEqualTo(IovaMap.DIRTY);
        assertThat(fine.state(5)).isEqualTo(IovaMap.ACCESSED);
        assertThat(fine.state(4)).isEqualTo(IovaMap.MAPPED);
        assertThat(fine.leafShift(4)).isEqualTo(12);
        assertThat(fine.leafShift(1024)).isEqualTo(21);
        assertThat(fine.state(1600)).isEqualTo(IovaMap.UNMAPPED);
        assertThat(fine.counts()[IovaMap.UNMAPPED]).isEqualTo(512);

        IovaMap coarse = IovaMapCapture.capture(pt, 0, 20, 8); // 1 MiB per bucket
        assertThat(coarse.state(0)).isEqualTo(IovaMap.DIRTY);
        assertThat(coarse.state(1)).isEqualTo(IovaMap.MAPPED);
        assertThat(coarse.state(6)).isEqualTo(IovaMap.UNMAPPED);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void theIovaMapAtEveryZoomEqualsAReferenceBuiltFromEveryLeaf(PageTableFormat fmt) {
        IoPageTable pt = new IoPageTable(fmt, new TablePagePool(), EventSink.NONE);
        long g = fmt.granule();
        long big = 1L << fmt.itemShift(1);
        pt.map(0, 0, 4 * big, RW, g);               // four leaf tables of small leaves
        pt.map(8 * big, 8 * big, 2 * big, RW, big); // two large leaves
        pt.readAndClearDirty(0, 10 * big, 0, io.ioptexplorer.hardware.pagetable.DirtyRecorder.NONE);
        java.util.Random r = new java.util.Random(7);
        for (int k = 0; k < 40; k++) {
            long page = r.nextInt((int) (4 * big / g)) * g;
            pt.translate(page, r.nextBoolean() ? Access.WRITE : Access.READ, true, true);
        }
        pt.translate(9 * big + 5 * g, Access.WRITE, true, true);
        for (int shift = fmt.granuleShift(); shift <= fmt.itemShift(1) + 3; shift++) {
            int buckets = (int) Math.min(1 << 16, (16 * big) >>> shift);
            IovaMap map = IovaMapCapture.capture(pt, 0, shift, buckets);
            byte[] state = new byte[buckets];
            byte[] leaf = new byte[buckets];
            int s = shift;
            pt.forEachLeaf(0, 16 * big, (iova, size, pa, prot, accessed, dirty) -> {
                byte v = dirty ? IovaMap.DIRTY : accessed ? IovaMap.ACCESSED : IovaMap.MAPPED;
                for (long b = iova >>> s; b <= (iova + size - 1) >>> s && b < buckets; b++) {
                    state[(int) b] = (byte) Math.max(state[(int) b], v);
                    int ls = Long.numberOfTrailingZeros(size);
                    leaf[(int) b] = (byte) (leaf[(int) b] == 0 ? ls : Math.min(leaf[(int) b], ls));
                }
            });
            for (int b = 0; b < buckets; b++) {
                assertThat(map.state(b)).as("%s shift %d bucket %d", fmt.name(), shift, b).isEqualTo(state[b]);
                assertThat(map.leafShift(b)).as("%s shift %d bucket %d", fmt.name(), shift, b).isEqualTo(leaf[b]);
            }
        }
    }

    @Test
    void theSameLeafInEveryFamilyDecodesToItsAddressAndNamesEachDirtyMechanism() {
        long pa = 0x1234_0000_0000L;
        List<EncodedLeaf> all = SameMapping.encode(pa, 2L << 20, RW, true, true);
        assertThat(all).extracting(EncodedLeaf::family).containsExactly("AMD v1", "VT-d second stage",
            "SMMUv3 stage 1", "RISC-V Sv48");
        assertThat(all).extracting(EncodedLeaf::dirtyFields).containsExactly(List.of("D"), List.of("D"),
            List.of("AP[2]"), List.of("D"));
        for (EncodedLeaf e : all) {
            assertThat(e.level()).isEqualTo(1);
            PageTableFormat f = PageTableFormats.byName(e.format());
            assertThat(f.isDirty(e.raw())).isTrue();
            assertThat(f.isAccessed(e.raw())).isTrue();
            assertThat(f.leafPa(e.raw(), 1)).isEqualTo(pa);
            assertThat(e.fields()).filteredOn(x -> x.name().equals("Address") || x.name().equals("PPN"))
                .extracting(EntryField::value).containsExactly(pa);
        }
        assertThat(all.get(2).dirtyMechanism()).isEqualTo("dirty when AP[2]=0");
        // 64 KiB: AMD replicates it in 16 slots; VT-d has no such leaf.
        List<EncodedLeaf> k64 = SameMapping.encode(0x10000, 0x10000, RW, false, false);
        assertThat(k64.get(0).slots()).isEqualTo(16);
        assertThat(k64.get(1).encodable()).isFalse();
        assertThat(k64.get(1).note()).contains("no 64 KiB leaf");
    }

    @Test
    void fieldStatusComesFromTheDescriptorsOwnWords() {
        PageTableFormat amd = PageTableFormats.amdV1(4);
        long leaf = amd.encodeLeaf(0x200000, 0, 12, RW);
        assertThat(amd.decode(leaf, 0)).filteredOn(f -> f.name().equals("A")).singleElement()
            .satisfies(f -> assertThat(f.status()).isEqualTo(EntryField.Status.UNVERIFIED));
        assertThat(amd.decode(leaf, 0)).filteredOn(f -> f.name().equals("D")).singleElement()
            .satisfies(f -> assertThat(f.status()).isEqualTo(EntryField.Status.UPSTREAM));
    }
}

package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.pagetable.EntryField;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import io.ioptexplorer.hardware.pagetable.Prot;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The diagram's boxes are exactly the decoded fields, bit for bit, for a leaf and a table entry of every format. */
class BitLayoutTest {
    static Stream<PageTableFormat> formats() {
        return PageTableFormats.all().stream();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void boxesCoverExactlyTheBitsOfEachDecodedField(PageTableFormat fmt) {
        long leaf = fmt.markDirty(fmt.markAccessed(fmt.encodeLeaf(1L << 30, 1, fmt.itemShift(1),
            Prot.READ | Prot.WRITE)));
        long table = fmt.encodeTable(0x123000, 1);
        for (long raw : new long[] {leaf, table}) {
            List<EntryField> fields = fmt.decode(raw, 1);
            List<BitLayout.Box> boxes = BitLayout.boxes(fields);
            for (int i = 0; i < fields.size(); i++) {
                EntryField f = fields.get(i);
                List<Integer> bits = new ArrayList<>();
                for (BitLayout.Box b : boxes) {
                    if (b.field() == i) {
                        assertThat(b.name()).isEqualTo(f.name());
                        assertThat(BitLayout.rowOf(b.hiBit())).isEqualTo(b.row());
                        assertThat(BitLayout.rowOf(b.loBit())).isEqualTo(b.row());
                        for (int bit = b.hiBit(); bit >= b.loBit(); bit--) {
                            bits.add(bit);
                            assertThat(BitLayout.fieldAt(fields, bit)).isEqualTo(i);
                            assertThat(BitLayout.bitAt(BitLayout.rowOf(bit), BitLayout.columnOf(bit))).isEqualTo(bit);
                        }
                    }
                }
                List<Integer> expected = new ArrayList<>();
                for (int bit = f.hiBit(); bit >= f.loBit(); bit--) {
                    expected.add(bit);
                }
                assertThat(bits).as("%s %s", fmt.name(), f.name()).isEqualTo(expected);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void oneBitFieldsWithAnIndexKeepItInTheirLabel() {
        // SMMUv3 stage 1's AP[2] (bit 7) and AP[1] (bit 6) read "AP" and "AP" when cut to two letters.
        assertThat(BitDiagram.label("AP[2]", 1, 20, 20)).isEqualTo("AP2");
        assertThat(BitDiagram.label("AP[1]", 1, 20, 20)).isEqualTo("AP1");
        assertThat(BitDiagram.label("DBM", 1, 20, 20)).isEqualTo("DBM");
        assertThat(BitDiagram.label("Address", 40, 800, 20)).isEqualTo("Address");
    }
}

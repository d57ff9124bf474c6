package io.ioptexplorer.app.pagetable;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The labels of the page-table tree, the entry inspector and the IOTLB view go through {@link Hex}, which uses the
 * project's one unsigned formatter: an IOVA above 2^63 is a negative long and must print as the u64 it is.
 */
class HexLabelsTest {
    @Test
    void treeAndIotlbLabelsPrintIovasAbove2To63Unsigned() {
        assertThat(Hex.of(0xffffffffffe01000L)).isEqualTo("0xffffffffffe01000");
        assertThat(Hex.range(0xffffffffffe02000L, -1L)).isEqualTo("0xffffffffffe02000–0xffffffffffffffff");
        assertThat(Hex.of(Long.MIN_VALUE)).isEqualTo("0x8000000000000000");
    }

    @Test
    void theInspectorNamesEachChangedBitByTheFieldTheFormatDecodesThere() {
        var amd = io.ioptexplorer.hardware.pagetable.PageTableFormats.amdV1(4);
        // AMD v1: A is bit 5, D is bit 6 (dirty-tracking.md); a present 4 KiB leaf with both set.
        long leaf = 0x6000_0000_1000_0061L;
        assertThat(EntryInspectorView.byField(1L << 6 | 1L << 5, amd.decode(leaf, 0))).isEqualTo("D, A");
        assertThat(EntryInspectorView.byField(0, amd.decode(leaf, 0))).isEqualTo("none");
        // By field, as the inspector's Changed line reads (bit by bit a new leaf listed every address bit).
        assertThat(EntryInspectorView.changed(0x1000_0001L, 1L << 6 | 1L << 5, 0, amd.decode(leaf, 0)))
            .isEqualTo("set D, A; cleared none since the previous moment");
        assertThat(EntryInspectorView.changed(0x1000_0001L, 1L << 13 | 1L << 14 | 1L << 6, 1L << 12,
            amd.decode(leaf, 0))).isEqualTo("set Address (bits 14, 13), D; cleared Address (bit 12) since the previous "
            + "moment");
        assertThat(EntryInspectorView.changed(0, leaf, 0, amd.decode(leaf, 0))).contains("it was empty");
    }

    @Test
    void anEntrysHistoryNamesStepsFromOneAndTheSetupAsSetup() {
        var setup = new io.ioptexplorer.viewmodel.pagetable.EntryWrite(8, -1, "leaf-mapped", "map_pages: …");
        var collapse = new io.ioptexplorer.viewmodel.pagetable.EntryWrite(572, 7, "table-collapsed", "collapsed …");
        assertThat(EntryInspectorView.historyLine(setup)).isEqualTo("setup · event 8 · map_pages: …");
        assertThat(EntryInspectorView.historyLine(collapse)).isEqualTo("step 8 · event 572 · collapsed …");
    }
}

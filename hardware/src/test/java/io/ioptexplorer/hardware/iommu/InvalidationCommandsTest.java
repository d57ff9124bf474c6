package io.ioptexplorer.hardware.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ioptexplorer.hardware.iommu.InvalidationProtocol.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The invalidation commands per vendor (reference/dirty-tracking.md §4.1-4.5: "clear dirty ⇒ flush" table), the
 * per-page fallback of SMMUv3 and RISC-V at {@link InvalidationProtocol#PER_PAGE_LIMIT} pages (an assumption the
 * class marks unverified), the VT-d super-page filter (CAP.SSLPS), and the capability register's decoding.
 */
class InvalidationCommandsTest {
    private static final long K4 = 4096;

    @Test
    void smmuv3AndRiscvSendOneCommandPerPageUpToTheLimitThenInvalidateEverything() {
        long limit = InvalidationProtocol.PER_PAGE_LIMIT;
        assertThat(InvalidationProtocol.flushRange(IommuModel.SMMUV3, 1, 0, limit * K4, K4)).containsExactly(
                new Command("CMD_TLBI_NH_VA", limit), new Command("CMD_SYNC", 1));
        assertThat(InvalidationProtocol.flushRange(IommuModel.SMMUV3, 1, 0, (limit + 1) * K4, K4)).containsExactly(
                new Command("CMD_TLBI_NH_ASID", 1), new Command("CMD_SYNC", 1));
        assertThat(InvalidationProtocol.flushRange(IommuModel.SMMUV3, 2, 0, 3 * K4, K4)).containsExactly(
                new Command("CMD_TLBI_S2_IPA", 3), new Command("CMD_SYNC", 1));
        assertThat(InvalidationProtocol.flushRange(IommuModel.SMMUV3, 2, 0, (limit + 1) * K4, K4)).containsExactly(
                new Command("CMD_TLBI_S12_VMALL", 1), new Command("CMD_SYNC", 1));
        assertThat(InvalidationProtocol.flushRange(IommuModel.RISCV, 1, 0, limit * K4, K4)).containsExactly(
                new Command("IOTINVAL.VMA", limit), new Command("IOFENCE.C", 1));
        assertThat(InvalidationProtocol.flushRange(IommuModel.RISCV, 1, 0, (limit + 1) * K4, K4)).containsExactly(
                new Command("IOTINVAL.VMA (all)", 1), new Command("IOFENCE.C", 1));
        // a part of a page is one page
        assertThat(InvalidationProtocol.flushRange(IommuModel.RISCV, 1, K4, K4 + 1, K4)).containsExactly(
                new Command("IOTINVAL.VMA", 1), new Command("IOFENCE.C", 1));
    }

    @Test
    void aDomainFlushIsOneSelectiveOrGlobalCommandPerVendor() {
        assertThat(InvalidationProtocol.flushDomain(IommuModel.AMD_V1, 1)).extracting(Command::name).containsExactly(
                "INVALIDATE_DEVTAB_ENTRY", "INVALIDATE_IOMMU_PAGES (all)", "COMPLETION_WAIT");
        assertThat(InvalidationProtocol.flushDomain(IommuModel.VTD_SS, 1)).extracting(Command::name).containsExactly(
                "PASID_CACHE_INV", "IOTLB_DSI", "INV_WAIT");
        assertThat(InvalidationProtocol.flushDomain(IommuModel.SMMUV3, 1)).extracting(Command::name)
                .containsExactly("CMD_TLBI_NH_ASID", "CMD_SYNC");
        assertThat(InvalidationProtocol.flushDomain(IommuModel.SMMUV3, 2)).extracting(Command::name)
                .containsExactly("CMD_TLBI_S12_VMALL", "CMD_SYNC");
        assertThat(InvalidationProtocol.flushDomain(IommuModel.RISCV, 1)).extracting(Command::name)
                .containsExactly("IOTINVAL.VMA (all)", "IOFENCE.C");
    }

    @Test
    void sslpsRemovesTheSuperPagesTheUnitLacks() {
        long sizes = K4 | (2L << 20) | (1L << 30);
        assertThat(new VtdCaps(true, true, true, true).pgsizeBitmap(sizes)).isEqualTo(sizes);
        assertThat(new VtdCaps(false, true, true, true).pgsizeBitmap(sizes)).isEqualTo(K4 | (1L << 30));
        assertThat(new VtdCaps(true, false, true, true).pgsizeBitmap(sizes)).isEqualTo(K4 | (2L << 20));
        assertThat(new VtdCaps(false, false, true, true).pgsizeBitmap(sizes)).isEqualTo(K4);
    }

    @Test
    void aRegisterDecodesEachFieldAtItsBits() {
        Register r = new Register("ECAP", List.of(new Register.Field("SC", 7, 7, "snoop control"),
                new Register.Field("SAGAW", 12, 8, "widths")));
        r.set("SC", 1);
        r.set("SAGAW", 0b00110);
        assertThat(r.name()).isEqualTo("ECAP");
        assertThat(r.value()).isEqualTo((1L << 7) | (0b00110L << 8));
        assertThat(r.decode()).extracting(f -> f.name() + "=" + f.value() + "@" + f.hiBit() + ":" + f.loBit())
                .containsExactly("SC=1@7:7", "SAGAW=6@12:8");
        assertThat(r).hasToString("ECAP=0x0000000000000680");
    }
}

package io.ioptexplorer.hardware.pagetable;

import io.ioptexplorer.hardware.pagetable.format.AmdV1Format;
import io.ioptexplorer.hardware.pagetable.format.RiscvFormat;
import io.ioptexplorer.hardware.pagetable.format.SmmuV3Format;
import io.ioptexplorer.hardware.pagetable.format.VtdSecondStageFormat;
import java.util.ArrayList;
import java.util.List;

/** The format descriptors, by vendor and configuration; used by the topology loader and the tests. */
public final class PageTableFormats {
    private PageTableFormats() {
    }

    /** AMD IOMMU v1 host table with 3 to 6 levels. */
    public static PageTableFormat amdV1(int levels) {
        return AmdV1Format.host(levels);
    }

    /** Intel VT-d second stage with 3, 4 or 5 levels. */
    public static PageTableFormat vtdSecondStage(int levels) {
        return VtdSecondStageFormat.of(levels);
    }

    /** Arm SMMUv3 stage 1 or 2 with a 4 KiB, 16 KiB or 64 KiB granule. */
    public static PageTableFormat smmuV3(int stage, long granule) {
        return SmmuV3Format.of(stage, granule);
    }

    /** RISC-V IOMMU "sv39", "sv48" or "sv57". */
    public static PageTableFormat riscv(String mode) {
        return RiscvFormat.of(mode);
    }

    /** The iommufd selftest mock: amdv1 layout, 2 KiB pages, 1 MiB huge pages. */
    public static PageTableFormat mock() {
        return AmdV1Format.mock();
    }

    /** Every format and configuration, for parameterised tests. */
    public static List<PageTableFormat> all() {
        List<PageTableFormat> all = new ArrayList<>();
        for (int l = 3; l <= 6; l++) {
            all.add(amdV1(l));
        }
        for (int l = 3; l <= 5; l++) {
            all.add(vtdSecondStage(l));
        }
        for (int stage = 1; stage <= 2; stage++) {
            for (long g : new long[] {4096, 16384, 65536}) {
                all.add(smmuV3(stage, g));
            }
        }
        for (String m : new String[] {"sv39", "sv48", "sv57"}) {
            all.add(riscv(m));
        }
        all.add(mock());
        return List.copyOf(all);
    }

    /** The format with this {@link PageTableFormat#name()}, or null. */
    public static PageTableFormat byName(String name) {
        for (PageTableFormat f : all()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}

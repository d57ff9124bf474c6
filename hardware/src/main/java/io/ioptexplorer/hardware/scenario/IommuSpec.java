package io.ioptexplorer.hardware.scenario;

import io.ioptexplorer.hardware.iommu.VtdCaps;
import io.ioptexplorer.hardware.pagetable.PageTableFormat;
import io.ioptexplorer.hardware.pagetable.PageTableFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One IOMMU of the host.
 *
 * @param id           unique id, referred to by devices' {@code iommu}
 * @param model        the page-table format
 * @param params       the model's own parameters (levels, stage and granule, Sv mode)
 * @param features     {@code dirty-tracking}, {@code access-tracking}
 * @param iotlb        IOTLB geometry
 * @param invalidation how IOTLB invalidations are batched
 * @param faults       injected faults
 */
public record IommuSpec(String id, Model model, ModelParams params, Set<Feature> features, IotlbSpec iotlb,
        Invalidation invalidation, Set<Fault> faults, SourceLocation location) {

    public IommuSpec {
        features = Set.copyOf(features);
        faults = Set.copyOf(faults);
    }

    public enum Model implements YamlName { AMD_V1, VTD_SS, SMMUV3, RISCV, MOCK }

    public enum Feature implements YamlName { DIRTY_TRACKING, ACCESS_TRACKING }

    /** Fault injection. */
    public enum Fault implements YamlName {
        /** After dirty bits are read and cleared, leave out the IOTLB invalidation (a driver bug). */
        SKIP_DIRTY_FLUSH,
        /** After an unmap, leave out the IOTLB invalidation. */
        SKIP_UNMAP_FLUSH,
        /** The hardware does not set dirty bits on DMA writes. */
        DROP_DIRTY_BITS
    }

    public enum Invalidation implements YamlName { GATHERED, PER_ENTRY }

    public enum SvMode implements YamlName { SV39, SV48, SV57 }

    /** IOTLB geometry: {@code entries} in total, {@code ways}-way set associative; ways divides entries. */
    public record IotlbSpec(int entries, int ways) {
        public static final IotlbSpec DEFAULT = new IotlbSpec(64, 4);

        public int sets() {
            return entries / ways;
        }
    }

    public boolean has(Feature f) {
        return features.contains(f);
    }

    /** The leaf page sizes this IOMMU can map, ascending. */
    public List<Long> pageSizes() {
        return params.pageSizes();
    }

    /** The smallest page size: the alignment of every mapping. */
    public long smallestPageSize() {
        return params.pageSizes().get(0);
    }

    /** Per-model parameters; each names its page-table format, which alone knows the leaf sizes. */
    public sealed interface ModelParams {
        /** The simulator's page-table format for these parameters. */
        PageTableFormat format();

        /** Leaf page sizes, ascending, as the format maps them (bit n of its pgsize bitmap = 2^n bytes). */
        default List<Long> pageSizes() {
            return sizesOf(format().supportedPageSizes());
        }
    }

    private static List<Long> sizesOf(long mask) {
        List<Long> s = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                s.add(1L << bit);
            }
        }
        return s;
    }

    /** AMD IOMMU v1 page table, 3 to 6 levels. */
    public record AmdV1(int levels) implements ModelParams {
        @Override
        public PageTableFormat format() {
            return PageTableFormats.amdV1(levels);
        }
    }

    /**
     * Intel VT-d second-stage table, 3 to 5 levels, and the capability bits a topology may turn off ({@code
     * super-pages}, {@code snoop-control}, {@code second-stage}).
     */
    public record VtdSs(int levels, VtdCaps caps) implements ModelParams {
        public VtdSs(int levels) {
            this(levels, VtdCaps.FULL);
        }

        @Override
        public PageTableFormat format() {
            return PageTableFormats.vtdSecondStage(levels);
        }

        /** The unit's domains' pgsize bitmap: CAP.SSLPS limits the super pages (one rule, in {@link VtdCaps}). */
        @Override
        public List<Long> pageSizes() {
            return sizesOf(caps.pgsizeBitmap(format().supportedPageSizes()));
        }
    }

    /** Arm SMMUv3, stage 1 or 2, granule 4, 16 or 64 KiB. */
    public record SmmuV3(int stage, long granule) implements ModelParams {
        @Override
        public PageTableFormat format() {
            return PageTableFormats.smmuV3(stage, granule);
        }
    }

    /** RISC-V IOMMU, Sv39/Sv48/Sv57. */
    public record Riscv(SvMode mode) implements ModelParams {
        @Override
        public PageTableFormat format() {
            return PageTableFormats.riscv(mode.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The iommufd selftest mock domain: 2 KiB pages, 1 MiB huge pages. */
    public record Mock() implements ModelParams {
        @Override
        public PageTableFormat format() {
            return PageTableFormats.mock();
        }
    }
}

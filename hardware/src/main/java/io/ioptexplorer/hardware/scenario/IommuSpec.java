package io.ioptexplorer.hardware.scenario;

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

    /** Per-model parameters. */
    public sealed interface ModelParams {
        /** Leaf page sizes, ascending. */
        List<Long> pageSizes();
    }

    /** AMD IOMMU v1 page table, 3 to 6 levels; leaves are powers of two from 4 KiB up to the top level's entry. */
    public record AmdV1(int levels) implements ModelParams {
        @Override
        public List<Long> pageSizes() {
            List<Long> s = new ArrayList<>();
            int maxShift = Math.min(62, 12 + 9 * (levels - 1));
            for (int shift = 12; shift <= maxShift; shift++) {
                s.add(1L << shift);
            }
            return s;
        }
    }

    /** Intel VT-d second-stage table, 3 to 5 levels: 4 KiB, 2 MiB, 1 GiB leaves. */
    public record VtdSs(int levels) implements ModelParams {
        @Override
        public List<Long> pageSizes() {
            return List.of(4 * Units.KiB, 2 * Units.MiB, Units.GiB);
        }
    }

    /** Arm SMMUv3, stage 1 or 2, granule 4, 16 or 64 KiB. */
    public record SmmuV3(int stage, long granule) implements ModelParams {
        @Override
        public List<Long> pageSizes() {
            if (granule == 16 * Units.KiB) {
                return List.of(16 * Units.KiB, 32 * Units.MiB);
            }
            if (granule == 64 * Units.KiB) {
                return List.of(64 * Units.KiB, 512 * Units.MiB);
            }
            return List.of(4 * Units.KiB, 2 * Units.MiB, Units.GiB);
        }
    }

    /** RISC-V IOMMU, Sv39/Sv48/Sv57. */
    public record Riscv(SvMode mode) implements ModelParams {
        @Override
        public List<Long> pageSizes() {
            return switch (mode) {
                case SV39 -> List.of(4 * Units.KiB, 2 * Units.MiB, Units.GiB);
                case SV48 -> List.of(4 * Units.KiB, 2 * Units.MiB, Units.GiB, 512 * Units.GiB);
                case SV57 -> List.of(4 * Units.KiB, 2 * Units.MiB, Units.GiB, 512 * Units.GiB, 256 * Units.TiB);
            };
        }
    }

    /** The iommufd selftest mock domain: 2 KiB pages, 1 MiB huge pages. */
    public record Mock() implements ModelParams {
        @Override
        public List<Long> pageSizes() {
            return List.of(2 * Units.KiB, Units.MiB);
        }
    }
}

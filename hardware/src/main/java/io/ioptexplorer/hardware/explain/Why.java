package io.ioptexplorer.hardware.explain;

import java.util.List;

/**
 * The catalog of "why" explanations: each text is written once, here, with the source it rests on, and every view,
 * tour, report or export that explains the same situation asks {@link WhyRules} for this constant rather than
 * writing its own words. Facts and sources follow {@code /work/shared/reference/dirty-tracking.md}; where that
 * reference says "unverified" or where the behaviour is a mailing-list proposal, {@link #status()} says so.
 */
public enum Why {
    CLEAR_NEEDS_IOTLB_FLUSH("Why clearing a Dirty bit needs an IOTLB invalidation",
            "The IOTLB caches a translation together with the dirty state it saw. A write that hits an entry cached "
                    + "as already dirty does not write the page table again. So after read-and-clear cleans the "
                    + "Dirty bits, the kernel must invalidate the cleaned range (one iommu_iotlb_sync over the "
                    + "gathered range); otherwise the next write goes through the stale entry, sets no bit, and the "
                    + "page is missing from the next bitmap. NO_CLEAR reads skip both the clear and the flush.",
            Status.UPSTREAM,
            List.of("drivers/iommu/iommufd/io_pagetable.c (iommu_read_and_clear_dirty, iommu_iotlb_sync)",
                    "include/linux/iommu.h (iommu_dirty_bitmap_record, iommu_iotlb_gather)",
                    "AMD INVALIDATE_IOMMU_PAGES, VT-d IOTLB invalidation, SMMUv3 CMD_TLBI_NH_VA + CMD_SYNC, "
                            + "RISC-V IOTINVAL.VMA + IOFENCE.C")),
    STALE_IOTLB_LOSES_PAGES("Why pages were lost: a stale IOTLB entry",
            "This IOMMU skipped the invalidation after clearing Dirty bits (an injected fault). Writes that hit the "
                    + "cached, already-dirty translation never set the Dirty bit again, so the bitmap misses them, "
                    + "the VMM never resends those pages, and the destination holds older data than the source. "
                    + "The RISC-V IOMMU spec discussion notes that even clear-then-invalidate leaves a window for a "
                    + "racing write through a stale entry.",
            Status.UPSTREAM,
            List.of("drivers/iommu/iommufd/io_pagetable.c (flush after read-and-clear)",
                    "riscv-non-isa/riscv-iommu issue #173 (sneak write through a stale entry)")),
    HUGE_LEAF_AMPLIFICATION("Why one small write marks a whole huge page dirty",
            "Dirty state lives in the IO page-table leaf, one Dirty bit per leaf. A write anywhere in a 2 MiB or "
                    + "1 GiB leaf sets that one bit, and read_and_clear_dirty records the whole leaf: with a 4 KiB "
                    + "page_size every bit the leaf covers is set (512 bits for 2 MiB, 262144 for 1 GiB). The VMM "
                    + "then sends the whole leaf, so one 8-byte write to a 1 GiB leaf costs 1 GiB of transfer. "
                    + "Upstream never splits IOMMU leaves; to get 4 KiB granularity map with 4 KiB pages "
                    + "(IOMMU_OPTION_HUGE_PAGES=0).",
            Status.UPSTREAM,
            List.of("drivers/iommu/generic_pt/iommu_pt.h (read_and_clear_dirty records the whole leaf)",
                    "include/uapi/linux/iommufd.h (IOMMU_HWPT_GET_DIRTY_BITMAP)")),
    SPLIT_IS_PROPOSAL("Why split a huge leaf (and why it is a proposal)",
            "Splitting a dirty-tracked 2 MiB or 1 GiB leaf into 4 KiB leaves in place makes later writes dirty only "
                    + "the 4 KiB page they touch, so the bitmap and the transfer shrink. Upstream generic_pt never "
                    + "splits leaves; in-place split and collapse (eagerly when tracking starts, or lazily on the "
                    + "first dirty read) are proposals from the dirty-tracking threads, mirroring KVM's "
                    + "eager_page_split for the CPU side.",
            Status.PROPOSAL,
            List.of("drivers/iommu/generic_pt/ (no split operation)",
                    "arch/x86/kvm/x86.c (eager_page_split, the CPU-side analogue)")),
    TRACKING_ENABLE_WIPES("Why enabling tracking first wipes the Dirty bits",
            "On enable (not on disable) the kernel walks every mapped area with read_and_clear_dirty and no "
                    + "bitmap, then does one IOTLB sync, before the driver turns hardware dirty updates on. Dirty "
                    + "bits left from before would otherwise show up in the first bitmap as writes that did not "
                    + "happen during tracking.",
            Status.UPSTREAM,
            List.of("drivers/iommu/iommufd/io_pagetable.c (iopt_set_dirty_tracking)")),
    ATTACH_REFUSED_NO_DIRTY("Why the attach failed with EINVAL",
            "A page table allocated with IOMMU_HWPT_ALLOC_DIRTY_TRACKING has dirty_ops, and the driver refuses to "
                    + "attach a device whose IOMMU cannot set Dirty bits: otherwise that device's writes would "
                    + "never show in the bitmap. AMD checks HDSup, Intel checks SSADS, the selftest mock checks "
                    + "MOCK_FLAGS_DEVICE_NO_DIRTY, and each returns EINVAL.",
            Status.UPSTREAM,
            List.of("drivers/iommu/amd/iommu.c (amd_iommu_attach_device, amd_iommu_hd_support)",
                    "drivers/iommu/intel/iommu.c (attach: ssads_supported)",
                    "tools/testing/selftests/iommu/iommufd.c (enforce_dirty)")),
    DIRTY_HWPT_UNSUPPORTED("Why the dirty-tracking HWPT was refused with EOPNOTSUPP",
            "IOMMU_HWPT_ALLOC with the DIRTY_TRACKING flag on a device whose IOMMU lacks IOMMU_CAP_DIRTY_TRACKING "
                    + "is refused with EOPNOTSUPP: the driver has no dirty_ops to install. GET_HW_INFO says the same "
                    + "in advance (IOMMU_HW_CAP_DIRTY_TRACKING clear).",
            Status.UPSTREAM,
            List.of("drivers/iommu/iommufd/hw_pagetable.c (iommufd_hwpt_paging_alloc)",
                    "drivers/iommu/iommufd/device.c (iommufd_get_hw_info)")),
    NO_UPSTREAM_DIRTY_OPS("Why this IOMMU reports no dirty tracking",
            "The capability bit IOMMU_HW_CAP_DIRTY_TRACKING is set only when the driver answers "
                    + "IOMMU_CAP_DIRTY_TRACKING for the device. A RISC-V IOMMU can update A/D bits in hardware "
                    + "(capabilities.AMO_HWAD), but Linux pre-sets A and D in every PTE and publishes no dirty_ops, "
                    + "so upstream there is no IOMMU dirty tracking on RISC-V; device DMA logging is the way.",
            Status.UPSTREAM,
            List.of("drivers/iommu/generic_pt/fmt/riscv.h (no dirty helpers)",
                    "drivers/iommu/riscv/iommu-bits.h (AMO_HWAD)",
                    "drivers/iommu/iommufd/device.c (iommufd_get_hw_info)")),
    DEVICE_SUSPENDED("Why the device was suspended before pre-copy",
            "This device has no dirty tracker (its IOMMU cannot track and it has no DMA logging). Rather than "
                    + "count all its memory dirty in every round or block the migration, the VMM stops the device "
                    + "first (VFIO state RUNNING to STOP through RUNNING_P2P), so it writes nothing more, and "
                    + "tracks the other devices as usual. This is a proposal from the threads (run one device "
                    + "with dirty tracking and simply suspend the other); QEMU does not do it.",
            Status.PROPOSAL,
            List.of("background/004 (Jason Gunthorpe: suspend the device without a tracker)",
                    "drivers/vfio/vfio_main.c (vfio_mig_get_next_state)")),
    MIGRATION_BLOCKED("Why the migration was blocked",
            "QEMU blocks migration (enable-migration=auto) when a VFIO device has neither device DMA logging nor "
                    + "IOMMU dirty tracking: its writes could not be seen, so the destination could silently miss "
                    + "them. The reason names the device.",
            Status.UPSTREAM,
            List.of("qemu hw/vfio/migration.c (vfio_migration_realize, migration blocker)")),
    MIGRATION_FAILED("Why the migration failed",
            "Starting dirty tracking failed for a device forced onto a tracker it does not have (for example "
                    + "IOMMU tracking on an IOMMU without dirty_ops answers EOPNOTSUPP); QEMU rolls back and the "
                    + "migration fails with that errno. The reason shows the call that failed.",
            Status.UPSTREAM,
            List.of("qemu hw/vfio/iommufd.c (set_dirty_page_tracking, rollback on failure)",
                    "drivers/iommu/iommufd/hw_pagetable.c (EOPNOTSUPP without dirty_ops)")),
    MIGRATION_NOT_CONVERGED("Why the migration did not converge",
            "Each pre-copy round sends what was dirtied during the previous one. When devices and vCPUs dirty "
                    + "memory at least as fast as the link sends it (or every page is reported dirty each round), "
                    + "the remainder never falls below what fits in the downtime limit. The simulated VMM gives up "
                    + "after max-rounds and stops the guest anyway, so the downtime exceeds the limit. (QEMU keeps "
                    + "iterating unless throttling or a limit intervenes; max-rounds is this simulator's knob.)",
            Status.UNVERIFIED,
            List.of("qemu migration/ram.c (migration_bitmap_sync, iteration loop)")),
    TYPE1_ALL_DIRTY("Why legacy type1 reports every page dirty",
            "VFIO type1 has no hardware dirty source. Pages pinned by emulated devices (vfio_pin_pages) are marked "
                    + "precisely, but once any group is outside the pinned-page dirty scope (a real passthrough "
                    + "device), every IOMMU-mapped range is reported fully dirty on every GET_BITMAP.",
            Status.UPSTREAM,
            List.of("drivers/vfio/vfio_iommu_type1.c (num_non_pinned_groups, pinned page dirty scope)")),
    DEVICE_LOG_RANGES("Why the device tracker reports what it does",
            "Device DMA logging tracks only the ranges given to DMA_LOGGING_START, at the page size the driver "
                    + "chose and wrote back. QEMU reduces the mapped sections to at most three ranges; a driver "
                    + "with fewer range slots (mlx5 pg_track_max_num_range) merges the closest pair until they fit, "
                    + "so a merged range also covers the hole between them. REPORT reads and clears the log.",
            Status.UPSTREAM,
            List.of("drivers/vfio/vfio_main.c (vfio_combine_iova_ranges)", "drivers/vfio/pci/mlx5/cmd.c",
                    "qemu hw/vfio/listener.c (device dirty ranges)")),
    UNION_OF_TRACKERS("Why each round sends the union of vCPU and device dirt",
            "Each migration_bitmap_sync asks every memory listener: KVM's dirty log or ring for the vCPUs, and VFIO "
                    + "(device logging or the IOMMU bitmap) for DMA. All of them set bits in one global migration "
                    + "bitmap, so a page dirtied by either is sent once.",
            Status.UPSTREAM,
            List.of("qemu migration/ram.c (migration_bitmap_sync)", "qemu hw/vfio/listener.c (log_sync)"));

    /** Whether the explained behaviour is upstream Linux/QEMU, a mailing-list proposal, or not confirmed. */
    public enum Status { UPSTREAM, PROPOSAL, UNVERIFIED }

    private final String title;
    private final String text;
    private final Status status;
    private final List<String> sources;

    Why(String title, String text, Status status, List<String> sources) {
        this.title = title;
        this.text = text;
        this.status = status;
        this.sources = List.copyOf(sources);
    }

    public String title() {
        return title;
    }

    public String text() {
        return text;
    }

    public Status status() {
        return status;
    }

    public List<String> sources() {
        return sources;
    }

    /** The kebab-case key used in files and exports, e.g. {@code clear-needs-iotlb-flush}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

/**
 * The VMM: tracker policy, capability negotiation at hot-plug, split policies and the live-migration loop with
 * verification.
 *
 * <p>Upstream behaviour followed (reference §5, §6, §7): QEMU's auto tracker choice, x-pre-copy-dirty-page-tracking,
 * the union of vCPU and device dirtying per sync, the VFIO migration v2 states and data stream, KVM's dirty bitmap
 * and dirty ring, iommufd's SET_DIRTY_TRACKING / GET_DIRTY_BITMAP, type1's DIRTY_PAGES, device DMA logging.
 *
 * <p>Proposals, not upstream Linux, offered as labelled options: suspending a device without a tracker early
 * (background/004), the hot-plug fallbacks the 2022 thread asks about (background/001), eager and lazy in-place
 * hugepage split with collapse (background/002, items 4.a and 4.b). Inferences of this model are marked "inferred"
 * where they appear; details the reference marks "unverified" keep that word.
 */
package io.ioptexplorer.hardware.vmm;

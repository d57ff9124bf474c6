/**
 * IO page tables in the manner of the kernel's {@code drivers/iommu/generic_pt}: one generic radix walker
 * ({@link io.ioptexplorer.hardware.pagetable.IoPageTable}) and one small descriptor per real format
 * ({@link io.ioptexplorer.hardware.pagetable.PageTableFormat}, implementations in {@code .format}, listed by
 * {@link io.ioptexplorer.hardware.pagetable.PageTableFormats}). Table pages live in a
 * {@link io.ioptexplorer.hardware.memory.TablePagePool}; every change is an event from {@code .events}.
 *
 * <p>Upstream behaviour: map (largest leaves alignment and length allow), unmap (whole leaves), iova_to_phys,
 * read_and_clear_dirty (whole leaves, NO_CLEAR, one gather), set_dirty (the selftest's). Proposals from the
 * mailing-list threads, not upstream: {@code split} and {@code collapse}. Simulator choices are marked where they
 * are made (eager freeing of empty tables, EEXIST for an occupied slot, dirty reads on formats Linux has no dirty
 * ops for, hardware Accessed updates modelled on leaves only although VT-d also sets A in non-leaf entries). Facts marked "unverified" in reference/dirty-tracking.md are marked so here and in {@code decode}.
 */
package io.ioptexplorer.hardware.pagetable;

package io.ioptexplorer.hardware.vfio.logging;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU's reduction of the container's mapped sections to at most three DMA-logging ranges
 * ({@code hw/vfio/listener.c}, formerly {@code hw/vfio/common.c}: {@code vfio_dirty_tracking_init},
 * {@code vfio_dirty_tracking_update_range}, {@code vfio_device_feature_dma_logging_start_create}).
 *
 * <ul>
 *   <li>Each section's IOVA range is page-aligned inward: start rounded up, end rounded down to the host page size
 *       (empty sections are skipped), as {@code vfio_get_section_iova_range} does (read in the qemu-devel patch that
 *       introduced it; a start that rounds up past 2^64 is skipped here, an edge QEMU does not special-case).</li>
 *   <li>A section owned by a vfio-pci device of the container with {@code iova >= UINT32_MAX} widens the PCI-hole64
 *       range {@code [minpci64, maxpci64]} (note: the test is {@code >= 0xffffffff}, not {@code >= 4 GiB}).</li>
 *   <li>Otherwise a section whose inclusive end is {@code <= UINT32_MAX} widens {@code [min32, max32]}, and any
 *       other widens {@code [min64, max64]}.</li>
 *   <li>Initial values: {@code min32 = UINT32_MAX}, {@code min64 = minpci64 = UINT64_MAX}, every max 0. A range is
 *       present iff its max is non-zero ({@code num_ranges = !!max32 + !!max64 + !!maxpci64}), in the order 32-bit,
 *       64-bit, PCI-hole64, with {@code length = max - min + 1}.</li>
 * </ul>
 * The ranges are not sorted or de-overlapped: when RAM sits above a relocated PCI hole the 64-bit range can contain
 * the hole range, and the kernel then refuses START with EINVAL (overlap).
 */
public final class QemuDeviceRanges {

    /** One mapped {@code MemoryRegionSection}: offset within the address space, size, and owner. */
    public record Section(long offsetWithinAddressSpace, long size, boolean ownedByVfioPciDevice) {
    }

    /** The raw min/max triples and the ranges QEMU would pass to DMA_LOGGING_START. */
    public record Result(long min32, long max32, long min64, long max64, long minPci64, long maxPci64,
            List<IovaRange> ranges) {
    }

    private QemuDeviceRanges() {
    }

    private static final long UINT32_MAX = 0xffff_ffffL;

    /** {@link #compute(List, long)} with 4 KiB host pages. */
    public static Result compute(List<Section> mappedSections) {
        return compute(mappedSections, 4096);
    }

    /**
     * @param mappedSections the sections the VFIO listener maps (RAM, and vfio-pci BARs for P2P)
     * @param hostPageSize {@code qemu_real_host_page_size()}, also the START page size
     */
    public static Result compute(List<Section> mappedSections, long hostPageSize) {
        long min32 = UINT32_MAX;
        long max32 = 0;
        long min64 = -1L;
        long max64 = 0;
        long minPci = -1L;
        long maxPci = 0;
        long mask = -hostPageSize;
        for (Section s : mappedSections) {
            long iova = (s.offsetWithinAddressSpace() + hostPageSize - 1) & mask;
            // llend = (offset + size) & page_mask, computed in 128 bits by QEMU
            long endExcl = s.offsetWithinAddressSpace() + s.size();
            boolean carries = IovaMath.addOverflows(s.offsetWithinAddressSpace(), s.size());
            endExcl &= mask;
            if (!carries && IovaMath.leu(endExcl, iova)) {
                continue;
            }
            if (IovaMath.ltu(iova, s.offsetWithinAddressSpace())) {
                continue; // the start rounded up past 2^64
            }
            long end = endExcl - 1;
            if (s.ownedByVfioPciDevice() && IovaMath.leu(UINT32_MAX, iova)) {
                minPci = IovaMath.minu(minPci, iova);
                maxPci = IovaMath.maxu(maxPci, end);
            } else if (IovaMath.leu(end, UINT32_MAX)) {
                min32 = IovaMath.minu(min32, iova);
                max32 = IovaMath.maxu(max32, end);
            } else {
                min64 = IovaMath.minu(min64, iova);
                max64 = IovaMath.maxu(max64, end);
            }
        }
        List<IovaRange> ranges = new ArrayList<>(3);
        if (max32 != 0) {
            ranges.add(new IovaRange(min32, max32 - min32 + 1));
        }
        if (max64 != 0) {
            ranges.add(new IovaRange(min64, max64 - min64 + 1));
        }
        if (maxPci != 0) {
            ranges.add(new IovaRange(minPci, maxPci - minPci + 1));
        }
        return new Result(min32, max32, min64, max64, minPci, maxPci, List.copyOf(ranges));
    }
}

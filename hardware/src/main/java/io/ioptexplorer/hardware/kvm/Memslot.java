package io.ioptexplorer.hardware.kvm;

/**
 * A KVM memory slot ({@code struct kvm_userspace_memory_region}, {@code include/uapi/linux/kvm.h}): a range of guest
 * physical memory with its own dirty bitmap. Base and size are multiples of the 4 KiB page.
 *
 * @param slotId the slot number ({@code kvm_dirty_gfn.slot} / {@code kvm_dirty_log.slot}; address space 0)
 * @param gpaBase guest-physical base address
 * @param sizeBytes size in bytes (> 0)
 */
public record Memslot(int slotId, long gpaBase, long sizeBytes) {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    public Memslot {
        if (slotId < 0 || slotId > 0xffff) {
            throw new IllegalArgumentException("slot id must fit 16 bits: " + slotId);
        }
        if (gpaBase < 0 || (gpaBase & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memslot base must be 4 KiB aligned: 0x" + Long.toHexString(gpaBase));
        }
        if (sizeBytes <= 0 || (sizeBytes & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memslot size must be a positive multiple of 4 KiB: " + sizeBytes);
        }
        if (gpaBase + sizeBytes < 0) {
            throw new IllegalArgumentException("memslot overflows the address space");
        }
    }

    /** Number of 4 KiB pages. */
    public long npages() {
        return sizeBytes >>> PAGE_SHIFT;
    }

    /** One past the last byte. */
    public long gpaEnd() {
        return gpaBase + sizeBytes;
    }

    public boolean contains(long gpa) {
        return gpa >= gpaBase && gpa < gpaEnd();
    }
}

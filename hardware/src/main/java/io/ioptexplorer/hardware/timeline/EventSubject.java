package io.ioptexplorer.hardware.timeline;

/**
 * What the compact timeline index and the IOVA breakpoints read of an event: its kind and subject, without its text
 * and fields. {@link EventInfo} is one; {@link EventCatalog#subject} hands out another, valid until the next call on
 * the same thread.
 */
public interface EventSubject {
    EventKind kind();

    /** Device id, or null. */
    String device();

    /** IOMMU instance id, or null. */
    String unit();

    /** HWPT id, or -1. */
    int hwpt();

    /** The IOVA the event is about, or -1 when none. */
    long iova();

    /** Bytes from {@link #iova} the event covers, or 0. */
    long length();

    /** Page-table level, or -1. */
    int level();

    BreakpointClass breakpoint();

    /** The small number the index keeps beside the kind ({@link EventInfo#detail}). */
    int detail();
}

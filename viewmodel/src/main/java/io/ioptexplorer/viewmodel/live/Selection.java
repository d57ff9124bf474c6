package io.ioptexplorer.viewmodel.live;

/**
 * What the user has selected, in any view: every view highlights it and the inspector describes it. Ids are the
 * simulator's own (device and IOMMU ids of the topology, iommufd HWPT object ids), so a capture on the machine thread
 * can look them up.
 */
public sealed interface Selection {
    Selection NONE = new None();

    record None() implements Selection {
    }

    record Device(String id) implements Selection {
    }

    record Iommu(String unitId) implements Selection {
    }

    record Hwpt(int hwptId) implements Selection {
    }

    record Iova(int hwptId, long iova) implements Selection {
    }

    /** One entry of a page table: the table page's physical address and the index within it. */
    record Entry(int hwptId, long tableAddress, int index) implements Selection {
    }

    /** One event of the timeline. */
    record Event(long seq) implements Selection {
    }
}

package io.ioptexplorer.hardware.tour;

import io.ioptexplorer.hardware.scenario.StepArgs;

/**
 * The phase of a guided tour a step belongs to, for the presenter's cue list. Step-level only: the phases inside a
 * migration (each pre-copy round, stop-and-copy, resume, verification) are the live timeline's, not the tour's.
 */
public enum TourPhase {
    /** Asking the kernel, building address spaces and page tables, attaching devices (iommufd/VFIO setup). */
    SETUP("Setup"),
    /** Dirty tracking at work: DMA and vCPU writes, dirty reads, device logging, invalidations. */
    TRACKING("Dirty tracking"),
    /** In-place split or collapse of IOMMU leaves (a proposal, see the "why" catalog). */
    RESHAPE("Split and collapse"),
    /** A device joins a running VM. */
    HOTPLUG("Hot-plug"),
    /** A live migration or a direct VFIO migration-state change. */
    MIGRATION("Migration");

    private final String label;

    TourPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The phase of a step; a caption-only step returns null and joins the phase of the step after it. */
    public static TourPhase of(StepArgs a) {
        if (a instanceof StepArgs.Split || a instanceof StepArgs.Collapse) {
            return RESHAPE;
        }
        if (a instanceof StepArgs.Hotplug) {
            return HOTPLUG;
        }
        if (a instanceof StepArgs.Migrate || a instanceof StepArgs.MigState) {
            return MIGRATION;
        }
        if (a instanceof StepArgs.IoasAlloc || a instanceof StepArgs.IoasOption || a instanceof StepArgs.IoasMap
                || a instanceof StepArgs.IoasUnmap || a instanceof StepArgs.HwptAlloc || a instanceof StepArgs.Attach
                || a instanceof StepArgs.Detach || a instanceof StepArgs.GetHwInfo) {
            return SETUP;
        }
        if (a instanceof StepArgs.Narrate) {
            return null;
        }
        return TRACKING;
    }
}

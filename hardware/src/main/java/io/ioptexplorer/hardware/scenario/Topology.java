package io.ioptexplorer.hardware.scenario;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A validated topology and scenario file.
 *
 * @param name        title
 * @param description free text ("" if absent)
 * @param seed        random seed, if given
 * @param iommus      the host's IOMMUs, in file order
 * @param vm          the guest
 * @param devices     the devices, in file order
 * @param migration   migration settings, if given
 * @param steps       the scenario, in order (may be empty)
 * @param sourceName  the file name used in locations
 */
public record Topology(String name, String description, OptionalLong seed, List<IommuSpec> iommus, VmSpec vm,
        List<DeviceSpec> devices, Optional<MigrationSpec> migration, List<Step> steps, String sourceName) {

    /** IOAS the runner builds, as a VMM would, when the steps contain no IOAS/HWPT steps. */
    public static final String IMPLICIT_IOAS = "vmm-ioas";

    public Topology {
        iommus = List.copyOf(iommus);
        devices = List.copyOf(devices);
        steps = List.copyOf(steps);
    }

    /** The HWPT the runner builds, as a VMM would, for each IOMMU when the steps contain no IOAS/HWPT steps. */
    public static String implicitHwpt(String iommuId) {
        return "vmm-hwpt-" + iommuId;
    }

    public Optional<IommuSpec> iommu(String id) {
        return iommus.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    public Optional<DeviceSpec> device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * True if no step allocates, maps, attaches or detaches: the runner then maps all guest memory into
     * {@link #IMPLICIT_IOAS} and attaches every device through {@link #implicitHwpt(String)} of its IOMMU.
     */
    public boolean vmmBuildsIommufdObjects() {
        return steps.stream().noneMatch(s -> StepOps.isIommufdSetup(s.op()));
    }
}

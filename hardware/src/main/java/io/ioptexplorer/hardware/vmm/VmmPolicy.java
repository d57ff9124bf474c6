package io.ioptexplorer.hardware.vmm;

import java.util.Map;
import java.util.Objects;

/**
 * The VMM's tracking policy.
 *
 * @param defaultChoice            tracker choice for devices not named in {@code perDevice}
 * @param perDevice                explicit choices by device id
 * @param noTracker                what happens to a device left without a tracker
 * @param hotplugFallback          what happens to a hot-plugged device that cannot join the dirty-tracking HWPT
 * @param preCopyDirtyPageTracking QEMU's {@code x-pre-copy-dirty-page-tracking} (default on); off skips VFIO
 *                                 dirty syncs while any device is RUNNING or PRE_COPY (reference §6)
 * @param split                    split policy of IOMMU-tracked HWPTs
 */
public record VmmPolicy(TrackerChoice defaultChoice, Map<String, TrackerChoice> perDevice, NoTrackerPolicy noTracker,
                        HotplugFallback hotplugFallback, boolean preCopyDirtyPageTracking, SplitPolicy split) {
    public VmmPolicy {
        Objects.requireNonNull(defaultChoice);
        perDevice = Map.copyOf(perDevice);
        Objects.requireNonNull(noTracker);
        Objects.requireNonNull(hotplugFallback);
        Objects.requireNonNull(split);
    }

    /** QEMU's defaults: auto, all-dirty for untracked devices, x-pre-copy-dirty-page-tracking on, no split. */
    public static VmmPolicy defaults() {
        return new VmmPolicy(TrackerChoice.AUTO, Map.of(), NoTrackerPolicy.ALL_DIRTY,
                HotplugFallback.SECOND_HWPT_ALL_DIRTY, true, SplitPolicy.NONE);
    }

    public TrackerChoice choiceFor(String deviceId) {
        return perDevice.getOrDefault(deviceId, defaultChoice);
    }

    public VmmPolicy withDefaultChoice(TrackerChoice c) {
        return new VmmPolicy(c, perDevice, noTracker, hotplugFallback, preCopyDirtyPageTracking, split);
    }

    public VmmPolicy withChoices(Map<String, TrackerChoice> choices) {
        return new VmmPolicy(defaultChoice, choices, noTracker, hotplugFallback, preCopyDirtyPageTracking, split);
    }

    public VmmPolicy withNoTracker(NoTrackerPolicy p) {
        return new VmmPolicy(defaultChoice, perDevice, p, hotplugFallback, preCopyDirtyPageTracking, split);
    }

    public VmmPolicy withHotplugFallback(HotplugFallback f) {
        return new VmmPolicy(defaultChoice, perDevice, noTracker, f, preCopyDirtyPageTracking, split);
    }

    public VmmPolicy withPreCopyDirtyPageTracking(boolean on) {
        return new VmmPolicy(defaultChoice, perDevice, noTracker, hotplugFallback, on, split);
    }

    public VmmPolicy withSplit(SplitPolicy s) {
        return new VmmPolicy(defaultChoice, perDevice, noTracker, hotplugFallback, preCopyDirtyPageTracking, s);
    }
}

package io.ioptexplorer.hardware.iommu;

/**
 * What a unit's hardware can do, as a topology states it ({@code features: [dirty-tracking, access-tracking]}).
 * Turned into the model's real capability register by {@link Capabilities}.
 */
public record IommuFeatures(boolean dirtyTracking, boolean accessTracking) {
    public static final IommuFeatures NONE = new IommuFeatures(false, false);
    public static final IommuFeatures ALL = new IommuFeatures(true, true);
}

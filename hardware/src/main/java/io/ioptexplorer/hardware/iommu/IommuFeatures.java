package io.ioptexplorer.hardware.iommu;

import java.util.Objects;

/**
 * What a unit's hardware can do, as a topology states it ({@code features: [dirty-tracking, access-tracking]}, and
 * for VT-d the bits in {@link VtdCaps}). Turned into the model's real capability registers by {@link Capabilities}.
 */
public record IommuFeatures(boolean dirtyTracking, boolean accessTracking, VtdCaps vtd) {
    public static final IommuFeatures NONE = new IommuFeatures(false, false);
    public static final IommuFeatures ALL = new IommuFeatures(true, true);

    public IommuFeatures {
        Objects.requireNonNull(vtd, "vtd");
    }

    /** Dirty and access tracking as given, every VT-d capability on. */
    public IommuFeatures(boolean dirtyTracking, boolean accessTracking) {
        this(dirtyTracking, accessTracking, VtdCaps.FULL);
    }

    public IommuFeatures withVtd(VtdCaps caps) {
        return new IommuFeatures(dirtyTracking, accessTracking, caps);
    }
}

package io.ioptexplorer.hardware.iommu.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** A device's descriptor knob for hardware Accessed/Dirty updates was written (DTE HAD, SSADE, CD HA/HD, SADE). */
public record AdUpdatesSet(String unit, String device, String register, boolean access, boolean dirty,
                           long registerValue) implements SimEvent {
}

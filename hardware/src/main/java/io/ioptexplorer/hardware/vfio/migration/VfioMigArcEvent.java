package io.ioptexplorer.hardware.vfio.migration;

import io.ioptexplorer.hardware.events.SimEvent;

/** A migration device completed one single FSM arc. */
public record VfioMigArcEvent(String deviceId, VfioMigState from, VfioMigState to) implements SimEvent {
}

/**
 * What a migration did, as the dashboard shows it: rounds, the decision that ended pre-copy, stop-and-copy, the
 * verification, and every VFIO state-machine arc, captured from the simulator's events into immutable records; and
 * the VFIO v2 state machine of a device, as the simulator's own FSM table allows it. Pure; no JavaFX.
 */
package io.ioptexplorer.hardware.inspect.migration;

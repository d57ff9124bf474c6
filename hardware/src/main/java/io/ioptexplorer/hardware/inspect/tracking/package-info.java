/**
 * Every dirty tracker's report against the ground truth, per sync of a migration: the lanes the tracking view draws
 * and the figures it prints, captured from the simulator's own events (one source of truth: the VMM's
 * {@code TrackerLane} and {@code UnionLane}). Pure records; no JavaFX.
 */
package io.ioptexplorer.hardware.inspect.tracking;

package io.ioptexplorer.hardware.pagetable.events;

import io.ioptexplorer.hardware.events.SimEvent;

/** One entry read by a hardware walk, top level first, so the app can show the walk step by step. */
public record WalkStep(long iova, int level, long tableAddr, int index, long entry, int kind) implements SimEvent {
}

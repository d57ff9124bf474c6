package io.ioptexplorer.viewmodel.pagetable;

/** One event that wrote an entry: where it is on the timeline (its step and seq) and what it did, in one line. */
public record EntryWrite(long seq, int step, String kind, String text) {
}

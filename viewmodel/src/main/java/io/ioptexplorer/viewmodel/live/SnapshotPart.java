package io.ioptexplorer.viewmodel.live;

/**
 * One view's share of a snapshot: a pure function from the paused machine to an immutable record, run on the machine
 * thread each time a moment is published. The record must not hold live simulator objects. Register it with
 * {@link LiveSession#register(SnapshotPart)} and read it back with {@link MachineSnapshot#part(SnapshotPart)}.
 */
@FunctionalInterface
public interface SnapshotPart<T> {
    T capture(PausedMachine machine);
}

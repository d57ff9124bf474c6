package io.ioptexplorer.viewmodel.live;

/**
 * The machine could not go on and holds no run any more: it ran out of heap, or its timeline outgrew the share of
 * the heap it may take. The window says so and keeps going; opening a file builds a new machine.
 *
 * @param generation the open this failure belongs to (see {@link LiveSession#openedGeneration()})
 * @param message what happened and what to do, in a sentence a user can act on
 */
public record MachineFailure(long generation, String message) {
}

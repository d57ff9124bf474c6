package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.viewmodel.live.PausedMachine;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How the page-table views read the machine: a capture run on the machine thread against the paused machine (its
 * run, the event it is paused inside, the recent events), its immutable result handed back on the UI thread.
 */
public interface MachineReader {
    <T> CompletableFuture<T> query(Function<PausedMachine, T> capture);
}

package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.hardware.run.ScenarioRun;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * How the page-table views read the machine: a capture run on the simulation thread, its immutable result handed
 * back on the UI thread ({@code ScenarioViewModel::query} today; the live session's query once it exists).
 */
public interface MachineReader {
    <T> CompletableFuture<T> query(Function<ScenarioRun, T> capture);
}

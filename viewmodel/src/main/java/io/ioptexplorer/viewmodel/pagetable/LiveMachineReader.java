package io.ioptexplorer.viewmodel.pagetable;

import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.PausedMachine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A {@link MachineReader} over the live session: each capture is a query answered on the machine thread, its result
 * handed over on the UI executor (the session completes queries on its own thread).
 */
public final class LiveMachineReader implements MachineReader {
    private final LiveSession session;
    private final Executor ui;

    public LiveMachineReader(LiveSession session, Executor ui) {
        this.session = session;
        this.ui = ui;
    }

    @Override
    public <T> CompletableFuture<T> query(Function<PausedMachine, T> capture) {
        return session.query(capture).thenApplyAsync(v -> v, ui);
    }
}

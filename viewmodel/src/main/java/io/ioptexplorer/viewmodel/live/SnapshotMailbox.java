package io.ioptexplorer.viewmodel.live;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Coalesces snapshots on their way to the FX thread: at most one is pending, a newer one replaces it, and one task at a
 * time is queued on the UI executor. While playing, the machine asks {@link #frameWanted()} before it captures, so it
 * takes a snapshot only when the last one has been drawn.
 */
final class SnapshotMailbox {
    private final Executor ui;
    private final Consumer<MachineSnapshot> deliver;
    private final AtomicReference<MachineSnapshot> pending = new AtomicReference<>();
    private final AtomicBoolean drawn = new AtomicBoolean(true);

    SnapshotMailbox(Executor ui, Consumer<MachineSnapshot> deliver) {
        this.ui = ui;
        this.deliver = deliver;
    }

    /** Machine thread: the newest snapshot; replaces one not yet delivered. */
    void offer(MachineSnapshot s) {
        drawn.set(false);
        if (pending.getAndSet(s) == null) {
            ui.execute(this::drain);
        }
    }

    /** Machine thread, while running: whether the screen is ready for another frame. */
    boolean frameWanted() {
        return drawn.get() && pending.get() == null;
    }

    private void drain() {
        MachineSnapshot s = pending.getAndSet(null);
        if (s != null) {
            deliver.accept(s);
        }
        drawn.set(true);
    }
}

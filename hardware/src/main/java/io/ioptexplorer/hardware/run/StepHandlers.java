package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.scenario.StepArgs;
import io.ioptexplorer.hardware.scenario.StepOps;
import java.util.HashMap;
import java.util.Map;

/**
 * How each operation of the registry ({@link StepOps#REGISTRY}) executes: one handler per operation, keyed by the
 * operation's typed arguments ({@link StepOps.Operation#args()}). Class initialisation fails when a registry
 * operation has no handler or a handler no operation, so the two cannot drift apart.
 */
final class StepHandlers {
    /** Runs one step's typed arguments on the executor, writing its results to {@code out}. */
    @FunctionalInterface
    interface Handler<A extends StepArgs> {
        void run(StepExecutor executor, A args, Map<String, Object> out);
    }

    private static final Map<Class<? extends StepArgs>, Handler<?>> BY_ARGS = new HashMap<>();

    static {
        on(StepArgs.IoasAlloc.class, (e, x, out) -> e.ioasAlloc(x));
        on(StepArgs.IoasOption.class, (e, x, out) -> e.ioasOption(x));
        on(StepArgs.IoasMap.class, StepExecutor::ioasMap);
        on(StepArgs.IoasUnmap.class, StepExecutor::ioasUnmap);
        on(StepArgs.HwptAlloc.class, (e, x, out) -> e.hwptAlloc(x));
        on(StepArgs.Attach.class, (e, x, out) -> e.attach(x));
        on(StepArgs.Detach.class, (e, x, out) -> e.detach(x));
        on(StepArgs.GetHwInfo.class, StepExecutor::getHwInfo);
        on(StepArgs.SetDirtyTracking.class, (e, x, out) -> e.setDirtyTracking(x));
        on(StepArgs.GetDirtyBitmap.class, StepExecutor::getDirtyBitmap);
        on(StepArgs.Dma.class, StepExecutor::dma);
        on(StepArgs.Workload.class, StepExecutor::workload);
        on(StepArgs.VcpuWrite.class, StepExecutor::vcpuWrite);
        on(StepArgs.Split.class, StepExecutor::split);
        on(StepArgs.Collapse.class, StepExecutor::collapse);
        on(StepArgs.IotlbInvalidate.class, (e, x, out) -> out.put("entries", (long) e.iotlbInvalidate(x)));
        on(StepArgs.DmaLoggingStart.class, StepExecutor::dmaLoggingStart);
        on(StepArgs.DmaLoggingReport.class, StepExecutor::dmaLoggingReport);
        on(StepArgs.DmaLoggingStop.class, (e, x, out) -> e.dmaLoggingStop(x));
        on(StepArgs.Type1Dirty.class, StepExecutor::type1Dirty);
        on(StepArgs.MigState.class, StepExecutor::migState);
        on(StepArgs.Hotplug.class, StepExecutor::hotplug);
        on(StepArgs.Migrate.class, (e, x, out) -> e.migrate(x.settings(), out));
        on(StepArgs.Narrate.class, (e, x, out) -> { }); // a caption: nothing runs
        for (StepOps.Operation o : StepOps.REGISTRY) {
            if (!BY_ARGS.containsKey(o.args())) {
                throw new IllegalStateException("step operation " + o.name() + " has no handler in StepHandlers");
            }
        }
        if (BY_ARGS.size() != StepOps.REGISTRY.size()) {
            throw new IllegalStateException("StepHandlers has a handler for arguments no registry operation takes");
        }
    }

    private StepHandlers() {
    }

    private static <A extends StepArgs> void on(Class<A> type, Handler<A> handler) {
        BY_ARGS.put(type, handler);
    }

    /** Executes {@code args} with the handler of its registry operation. */
    @SuppressWarnings("unchecked")
    static void run(StepExecutor executor, StepArgs args, Map<String, Object> out) {
        Handler<StepArgs> h = (Handler<StepArgs>) BY_ARGS.get(args.getClass());
        if (h == null) {
            throw new UnsupportedOperationException("step operation "
                    + StepOps.operationOf(args).name() + " is not implemented");
        }
        h.run(executor, args, out);
    }

    /** Whether every registry operation has a handler (class initialisation checks it; tests ask). */
    static boolean coversRegistry() {
        return StepOps.REGISTRY.stream().allMatch(o -> BY_ARGS.containsKey(o.args()));
    }
}

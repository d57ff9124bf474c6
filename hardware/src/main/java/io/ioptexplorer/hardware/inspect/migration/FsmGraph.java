package io.ioptexplorer.hardware.inspect.migration;

import io.ioptexplorer.hardware.errno.ErrnoException;
import io.ioptexplorer.hardware.vfio.migration.VfioMigFlags;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import io.ioptexplorer.hardware.vfio.migration.VfioMigrationFsm;
import io.ioptexplorer.hardware.vfio.migration.VfioV1State;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The VFIO migration v2 state machine of a device with {@code flags}: the states its flags allow and the single arcs
 * the kernel takes between them ({@code vfio_mig_get_next_state()}, as the simulator's {@link VfioMigrationFsm}
 * transcribes it: an arc a→b exists when b is the next step from a toward some requested state). Nothing here is a
 * second copy of the table.
 */
public record FsmGraph(VfioMigFlags flags, List<VfioMigState> states, List<Arc> arcs) {
    public FsmGraph {
        states = List.copyOf(states);
        arcs = List.copyOf(arcs);
    }

    /** One arc the kernel may take. */
    public record Arc(VfioMigState from, VfioMigState to) {
    }

    public static FsmGraph of(VfioMigFlags flags) {
        List<VfioMigState> states = new ArrayList<>();
        for (VfioMigState s : VfioMigState.values()) {
            if (flags.supports(s)) {
                states.add(s);
            }
        }
        Set<Arc> arcs = new LinkedHashSet<>();
        for (VfioMigState from : states) {
            for (VfioMigState requested : states) {
                if (requested == from) {
                    continue;
                }
                try {
                    VfioMigState next = VfioMigrationFsm.nextStep(from, requested, flags);
                    if (next != from) {
                        arcs.add(new Arc(from, next));
                    }
                } catch (ErrnoException e) {
                    // no legal walk (STOP_COPY toward PRE_COPY): no arc
                }
            }
        }
        return new FsmGraph(flags, states, new ArrayList<>(arcs));
    }

    public boolean hasArc(VfioMigState from, VfioMigState to) {
        return arcs.contains(new Arc(from, to));
    }

    /** The arcs the kernel walks from {@code from} to {@code to} on this device, in order. */
    public List<Arc> path(VfioMigState from, VfioMigState to) {
        List<Arc> out = new ArrayList<>();
        VfioMigState at = from;
        for (VfioMigState next : VfioMigrationFsm.path(from, to, flags)) {
            if (next != at) {
                out.add(new Arc(at, next));
                at = next;
            }
        }
        return out;
    }

    /**
     * The v1 {@code device_state} bits standing for a state, by name (SAVING, RUNNING, RESUMING; NDMA marked as
     * proposed and never merged), from {@link VfioV1State}.
     */
    public static String v1Label(VfioMigState state) {
        int bits = VfioV1State.fromV2(state);
        String names = VfioV1State.names(bits);
        return (bits & (VfioV1State.NDMA | VfioV1State.DIRTY_TRACK)) != 0 ? names + " (NDMA: never merged)" : names;
    }
}

package io.ioptexplorer.hardware.vfio.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ioptexplorer.hardware.errno.Errno;
import io.ioptexplorer.hardware.errno.ErrnoException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (current, requested) pair of the 7 requestable states under each of the 4 flag combinations, checked against
 * an expectation written here independently from dirty-tracking.md §5.2 ({@code vfio_mig_get_next_state},
 * {@code drivers/vfio/vfio_main.c}) and against graph properties.
 */
class VfioMigrationFsmTest {

    /** The reference table, typed in again as text: row = current, columns in the order of {@link #COLS}. */
    private static final String[] EXPECTED_TABLE = {
        "STOP         | -            RUNNING_P2P  STOP_COPY     RESUMING     RUNNING_P2P  RUNNING_P2P   RUNNING_P2P",
        "RUNNING      | RUNNING_P2P  -            RUNNING_P2P   RUNNING_P2P  RUNNING_P2P  PRE_COPY      RUNNING_P2P",
        "STOP_COPY    | STOP         STOP         -             STOP         STOP         ERROR         ERROR",
        "RESUMING     | STOP         STOP         STOP          -            STOP         STOP          STOP",
        "RUNNING_P2P  | STOP         RUNNING      STOP          STOP         -            RUNNING       PRE_COPY_P2P",
        "PRE_COPY     | RUNNING      RUNNING      PRE_COPY_P2P  RUNNING      RUNNING      -             PRE_COPY_P2P",
        "PRE_COPY_P2P | RUNNING_P2P  RUNNING_P2P  STOP_COPY     RUNNING_P2P  RUNNING_P2P  PRE_COPY      -",
    };
    private static final VfioMigState[] COLS = {
        VfioMigState.STOP, VfioMigState.RUNNING, VfioMigState.STOP_COPY, VfioMigState.RESUMING,
        VfioMigState.RUNNING_P2P, VfioMigState.PRE_COPY, VfioMigState.PRE_COPY_P2P,
    };
    private static final Map<VfioMigState, Map<VfioMigState, VfioMigState>> EXPECTED = parse();

    private static Map<VfioMigState, Map<VfioMigState, VfioMigState>> parse() {
        Map<VfioMigState, Map<VfioMigState, VfioMigState>> t = new EnumMap<>(VfioMigState.class);
        for (String line : EXPECTED_TABLE) {
            String[] halves = line.split("\\|");
            VfioMigState cur = VfioMigState.valueOf(halves[0].trim());
            String[] cells = halves[1].trim().split("\\s+");
            Map<VfioMigState, VfioMigState> row = new EnumMap<>(VfioMigState.class);
            for (int i = 0; i < COLS.length; i++) {
                row.put(COLS[i], cells[i].equals("-") ? cur : VfioMigState.valueOf(cells[i]));
            }
            t.put(cur, row);
        }
        return t;
    }

    private static boolean has(VfioMigFlags f, VfioMigState s) {
        switch (s) {
            case RUNNING_P2P:
                return f.p2p();
            case PRE_COPY:
                return f.preCopy();
            case PRE_COPY_P2P:
                return f.p2p() && f.preCopy();
            case ERROR:
                return false;
            default:
                return true;
        }
    }

    /** The expected walk from the test's own table, or null when the kernel would return EINVAL. */
    private static List<VfioMigState> expectedPath(VfioMigState cur, VfioMigState req, VfioMigFlags f) {
        if (!has(f, cur) || !has(f, req)) {
            return null;
        }
        List<VfioMigState> p = new ArrayList<>(List.of(cur));
        VfioMigState at = cur;
        while (at != req) {
            VfioMigState next = EXPECTED.get(at).get(req);
            while (next != VfioMigState.ERROR && !has(f, next)) {
                next = EXPECTED.get(next).get(req);
            }
            if (next == VfioMigState.ERROR) {
                return null;
            }
            p.add(next);
            at = next;
        }
        return p;
    }

    static Stream<Arguments> allCases() {
        List<Arguments> out = new ArrayList<>();
        for (VfioMigFlags f : VfioMigFlags.allCombinations()) {
            for (VfioMigState cur : COLS) {
                for (VfioMigState req : COLS) {
                    out.add(Arguments.of(f, cur, req));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @MethodSource("allCases")
    void pathMatchesTheReferenceTableAndItsProperties(VfioMigFlags f, VfioMigState cur, VfioMigState req) {
        List<VfioMigState> expected = expectedPath(cur, req, f);
        if (expected == null) {
            assertThatThrownBy(() -> VfioMigrationFsm.path(cur, req, f))
                    .isInstanceOf(ErrnoException.class)
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> VfioMigrationFsm.nextStep(cur, req, f)).isInstanceOf(ErrnoException.class);
            return;
        }
        List<VfioMigState> path = VfioMigrationFsm.path(cur, req, f);
        assertThat(path).isEqualTo(expected);
        assertThat(path.get(0)).isEqualTo(cur);
        assertThat(path.get(path.size() - 1)).isEqualTo(req);
        assertThat(path).allSatisfy(s -> assertThat(f.supports(s)).isTrue());
        assertThat(Set.copyOf(path)).hasSize(path.size()); // no state visited twice

        // nextStep gives the first arc.
        assertThat(VfioMigrationFsm.nextStep(cur, req, f)).isEqualTo(path.size() > 1 ? path.get(1) : cur);

        // Every arc is a legal single arc of the device (a table arc, or table arcs through skipped states).
        Map<VfioMigState, Set<VfioMigState>> arcs = legalArcs(f);
        for (int i = 0; i + 1 < path.size(); i++) {
            assertThat(arcs.get(path.get(i))).as("arc %s -> %s", path.get(i), path.get(i + 1))
                    .contains(path.get(i + 1));
        }

        // Saving-group states are never interior, except on a walk that starts and ends in the saving group
        // (the reference table itself routes PRE_COPY -> PRE_COPY_P2P -> STOP_COPY).
        boolean insideSaving = cur.isSavingGroup() && req.isSavingGroup();
        for (int i = 1; i + 1 < path.size(); i++) {
            if (!insideSaving) {
                assertThat(path.get(i).isSavingGroup()).as("interior %s of %s", path.get(i), path).isFalse();
            }
        }

        // Shortest: BFS over legal arcs with the same interior restriction finds no shorter walk.
        assertThat(path.size() - 1).isEqualTo(bfsDistance(arcs, cur, req, insideSaving));
    }

    /**
     * Single arcs of a device: table arcs with full flags, collapsed through states this device lacks (through a
     * missing saving-group state only when the collapsed arc starts and ends in the saving group).
     */
    private static Map<VfioMigState, Set<VfioMigState>> legalArcs(VfioMigFlags f) {
        Map<VfioMigState, Set<VfioMigState>> full = new EnumMap<>(VfioMigState.class);
        for (VfioMigState a : COLS) {
            full.put(a, EnumSet.noneOf(VfioMigState.class));
            for (VfioMigState r : COLS) {
                VfioMigState b = EXPECTED.get(a).get(r);
                if (b != a && b != VfioMigState.ERROR) {
                    full.get(a).add(b);
                }
            }
        }
        Map<VfioMigState, Set<VfioMigState>> out = new HashMap<>();
        for (VfioMigState a : COLS) {
            if (!has(f, a)) {
                continue;
            }
            Set<VfioMigState> reach = EnumSet.noneOf(VfioMigState.class);
            Deque<VfioMigState> todo = new ArrayDeque<>(full.get(a));
            Set<VfioMigState> seen = EnumSet.noneOf(VfioMigState.class);
            while (!todo.isEmpty()) {
                VfioMigState b = todo.poll();
                if (!seen.add(b)) {
                    continue;
                }
                if (has(f, b)) {
                    if (b != a) {
                        reach.add(b);
                    }
                } else if (!b.isSavingGroup()) {
                    todo.addAll(full.get(b));
                } else if (a.isSavingGroup()) {
                    // A skipped saving state may only be collapsed on a walk that stays in the saving group.
                    for (VfioMigState c : full.get(b)) {
                        if (c.isSavingGroup()) {
                            todo.add(c);
                        }
                    }
                }
            }
            out.put(a, reach);
        }
        return out;
    }

    private static int bfsDistance(Map<VfioMigState, Set<VfioMigState>> arcs, VfioMigState from, VfioMigState to,
            boolean savingInteriorAllowed) {
        Map<VfioMigState, Integer> dist = new EnumMap<>(VfioMigState.class);
        Deque<VfioMigState> q = new ArrayDeque<>();
        dist.put(from, 0);
        q.add(from);
        while (!q.isEmpty()) {
            VfioMigState a = q.poll();
            if (a == to) {
                return dist.get(a);
            }
            if (a != from && a.isSavingGroup() && !savingInteriorAllowed) {
                continue; // cannot pass through
            }
            for (VfioMigState b : arcs.get(a)) {
                if (!dist.containsKey(b)) {
                    dist.put(b, dist.get(a) + 1);
                    q.add(b);
                }
            }
        }
        return -1;
    }

    @Test
    void examplesFromTheBrief() {
        assertThat(VfioMigrationFsm.path(VfioMigState.RUNNING, VfioMigState.STOP_COPY, VfioMigFlags.stopCopyOnly()))
                .containsExactly(VfioMigState.RUNNING, VfioMigState.STOP, VfioMigState.STOP_COPY);
        assertThat(VfioMigrationFsm.path(VfioMigState.RUNNING, VfioMigState.STOP_COPY, VfioMigFlags.of(true, false)))
                .containsExactly(VfioMigState.RUNNING, VfioMigState.RUNNING_P2P, VfioMigState.STOP,
                        VfioMigState.STOP_COPY);
        assertThat(VfioMigrationFsm.path(VfioMigState.PRE_COPY, VfioMigState.STOP_COPY, VfioMigFlags.of(true, true)))
                .containsExactly(VfioMigState.PRE_COPY, VfioMigState.PRE_COPY_P2P, VfioMigState.STOP_COPY);
        assertThat(VfioMigrationFsm.path(VfioMigState.PRE_COPY, VfioMigState.STOP_COPY, VfioMigFlags.of(false, true)))
                .containsExactly(VfioMigState.PRE_COPY, VfioMigState.STOP_COPY);
        assertThat(VfioMigrationFsm.path(VfioMigState.RESUMING, VfioMigState.RUNNING, VfioMigFlags.of(true, true)))
                .containsExactly(VfioMigState.RESUMING, VfioMigState.STOP, VfioMigState.RUNNING_P2P,
                        VfioMigState.RUNNING);
        assertThat(VfioMigrationFsm.path(VfioMigState.STOP, VfioMigState.STOP, VfioMigFlags.stopCopyOnly()))
                .containsExactly(VfioMigState.STOP);
    }

    @Test
    void rawTableIsTheReferenceTable() {
        for (VfioMigState cur : COLS) {
            for (VfioMigState req : COLS) {
                assertThat(VfioMigrationFsm.tableNext(cur, req)).as("%s -> %s", cur, req)
                        .isEqualTo(EXPECTED.get(cur).get(req));
            }
            assertThat(VfioMigrationFsm.tableNext(cur, VfioMigState.ERROR)).isEqualTo(VfioMigState.ERROR);
            assertThat(VfioMigrationFsm.tableNext(VfioMigState.ERROR, cur)).isEqualTo(VfioMigState.ERROR);
        }
    }

    @Test
    void errorIsNeverRequestableAndNeverLeftByRequest() {
        for (VfioMigFlags f : VfioMigFlags.allCombinations()) {
            for (VfioMigState s : VfioMigState.values()) {
                assertThatThrownBy(() -> VfioMigrationFsm.nextStep(s, VfioMigState.ERROR, f))
                        .isInstanceOf(ErrnoException.class).hasMessageStartingWith("EINVAL");
                assertThatThrownBy(() -> VfioMigrationFsm.nextStep(VfioMigState.ERROR, s, f))
                        .isInstanceOf(ErrnoException.class).hasMessageContaining("VFIO_DEVICE_RESET");
            }
        }
    }

    @Test
    void messagesNameTheMissingFlag() {
        assertThatThrownBy(() -> VfioMigrationFsm.nextStep(VfioMigState.RUNNING, VfioMigState.RUNNING_P2P,
                VfioMigFlags.stopCopyOnly()))
                .hasMessageContaining("RUNNING_P2P").hasMessageContaining("needs migration flag P2P");
        assertThatThrownBy(() -> VfioMigrationFsm.nextStep(VfioMigState.PRE_COPY_P2P, VfioMigState.STOP,
                VfioMigFlags.of(true, false)))
                .hasMessageContaining("current state PRE_COPY_P2P").hasMessageContaining("PRE_COPY");
        assertThatThrownBy(() -> VfioMigrationFsm.nextStep(VfioMigState.RUNNING, VfioMigState.PRE_COPY_P2P,
                VfioMigFlags.stopCopyOnly()))
                .hasMessageContaining("P2P|PRE_COPY");
        assertThatThrownBy(() -> VfioMigrationFsm.nextStep(VfioMigState.STOP_COPY, VfioMigState.PRE_COPY,
                VfioMigFlags.of(true, true)))
                .hasMessageContaining("forbidden");
    }

    @Test
    void flagsRequireStopCopyAndKnownBits() {
        assertThatThrownBy(() -> new VfioMigFlags(VfioMigFlags.P2P)).hasMessageContaining("mandatory");
        assertThat(new VfioMigFlags(0).hasMigrationOps()).isFalse(); // no migration ops at all is a device too
        assertThatThrownBy(() -> new VfioMigFlags(0x9)).hasMessageStartingWith("EINVAL");
        assertThat(VfioMigFlags.allCombinations()).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void uapiNumbers() {
        assertThat(VfioMigState.values()).extracting(VfioMigState::uapiValue).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        for (VfioMigState s : VfioMigState.values()) {
            assertThat(VfioMigState.fromUapi(s.uapiValue())).isEqualTo(s);
        }
        assertThat(VfioMigFlags.STOP_COPY).isEqualTo(1);
        assertThat(VfioMigFlags.P2P).isEqualTo(2);
        assertThat(VfioMigFlags.PRE_COPY).isEqualTo(4);
    }
}

package io.ioptexplorer.hardware.run;

import io.ioptexplorer.hardware.events.EventSink;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks two object graphs side by side, a run and its copy, field by field (reflection, tests only): every value must
 * be equal, and no mutable object may be one and the same on both sides, except where the code shares it on purpose
 * (immutable values, and the chunks shared copy-on-write). Each original object must have one copy only.
 */
final class GraphWalk {
    /** Not compared: what a checkpoint sets afresh (its sinks, the walk scratch, copy-on-write counters, caches). */
    private static final Set<String> SKIPPED = Set.of("RunRecorder.downstream", "RunRecorder.listener",
            "RunRecorder.clock", "RunRecorder.timelineOn", "VcpuWorkload.listener", "StepExecutor.progress",
            "IoPageTable.wPa", "IoPageTable.wLeafIova", "IoPageTable.wLeafSize", "IoPageTable.wProt",
            "IoPageTable.wDirtyBefore", "IoPageTable.wDirtyAfter", "IoPageTable.wLevels", "IoPageTable.wFault",
            "IoPageTable.pointWalk", "IoPageTable.readPointWalk", "IoPageTable.mapper", "IoPageTable.surgery",
            "IoPageTable.dirtyScan", "IoPageTable.queries", "TablePagePool.copiedOnWrite",
            "GuestMemory.copiedOnWrite", "DirtySet.lastKey", "DirtySet.lastChunk");
    /** Shared on purpose: immutable by the code's convention (never written after construction). */
    private static final Set<String> SHARED = Set.of("ScenarioRun.topology", "StepExecutor.topology",
            "ScenarioRun.results", "StepExecutor.lastMigration", "IoPageTable.itemShift", "VcpuDirtyLog.slots",
            "VcpuDirtyLog.slotBases");
    /** Arrays of chunks shared copy-on-write: their elements may be the same arrays. */
    private static final Set<String> COPY_ON_WRITE = Set.of("TablePagePool.slabs", "GuestMemory.versions",
            "WrittenFrames.chunks");
    /** Records that hold live objects: one shared between the two sides is a shared mutable object. */
    private static final Set<String> LIVE_RECORDS = Set.of("Hwpt", "BoundDevice");

    private final Map<Object, Object> seen = new IdentityHashMap<>();
    private final List<String> problems = new ArrayList<>();

    static List<String> compare(Object a, Object b) {
        GraphWalk w = new GraphWalk();
        w.walk(a, b, a.getClass().getSimpleName(), false);
        return w.problems;
    }

    private void walk(Object a, Object b, String where, boolean sharedOk) {
        if (problems.size() > 20) {
            return;
        }
        if (a == null || b == null) {
            if (a != b) {
                problems.add(where + ": null on one side only");
            }
            return;
        }
        Class<?> c = a.getClass();
        if (c != b.getClass()) {
            problems.add(where + ": " + c.getName() + " against " + b.getClass().getName());
            return;
        }
        if (isValue(c)) {
            if (!a.equals(b)) {
                problems.add(where + ": " + a + " against " + b);
            }
            return;
        }
        if (a == b) {
            if (!sharedOk && !immutable(a)) {
                problems.add(where + ": one and the same " + c.getName() + " on both sides");
            }
            return;
        }
        Object before = seen.putIfAbsent(a, b);
        if (before != null) {
            if (before != b) {
                problems.add(where + ": one " + c.getSimpleName() + " copied twice");
            }
            return;
        }
        if (c.isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                problems.add(where + ": length " + n + " against " + Array.getLength(b));
                return;
            }
            for (int i = 0; i < n; i++) {
                walk(Array.get(a, i), Array.get(b, i), where + "[" + i + "]", COPY_ON_WRITE.contains(where));
            }
        } else if (a instanceof BitSet) {
            if (!a.equals(b)) {
                problems.add(where + ": bits differ");
            }
        } else if (a instanceof Map<?, ?> ma) {
            Map<?, ?> mb = (Map<?, ?>) b;
            walkAll(ma.keySet(), mb.keySet(), where + ".keys");
            walkAll(ma.values(), mb.values(), where + ".values");
        } else if (a instanceof Collection<?> ca) {
            walkAll(ca, (Collection<?>) b, where);
        } else if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            return; // a lambda: the copy makes its own
        } else if (c.getName().startsWith("io.ioptexplorer.")) {
            for (Class<?> k = c; k != null && k != Object.class && k != Record.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    String name = k.getSimpleName() + "." + f.getName();
                    if (SKIPPED.contains(name)) {
                        continue;
                    }
                    f.setAccessible(true);
                    try {
                        walk(f.get(a), f.get(b), name, SHARED.contains(name));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        } else {
            problems.add(where + ": a " + c.getName() + " the walk does not know");
        }
    }

    private void walkAll(Collection<?> a, Collection<?> b, String where) {
        if (a.size() != b.size()) {
            problems.add(where + ": " + a.size() + " elements against " + b.size());
            return;
        }
        Iterator<?> ib = b.iterator();
        int i = 0;
        for (Object x : a) {
            walk(x, ib.next(), where + "[" + i++ + "]", false);
        }
    }

    private static boolean isValue(Class<?> c) {
        return c == String.class || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class
                || c.isEnum() || c.getSuperclass() != null && c.getSuperclass().isEnum() || c == Class.class;
    }

    /** Shared without harm: stateless sinks, JDK immutable collections, records that hold only values. */
    private static boolean immutable(Object o) {
        Class<?> c = o.getClass();
        String n = c.getName();
        return o == EventSink.NONE || n.startsWith("java.util.ImmutableCollections")
                || n.startsWith("java.util.Collections$Empty") || n.startsWith("java.util.Collections$Unmodifiable")
                || c.isRecord() && !LIVE_RECORDS.contains(c.getSimpleName())
                || n.startsWith("io.ioptexplorer.hardware.pagetable.format.")
                || n.equals("io.ioptexplorer.hardware.kvm.ZipfSampler")
                || n.equals("io.ioptexplorer.hardware.bitmap.PageBits");
    }
}

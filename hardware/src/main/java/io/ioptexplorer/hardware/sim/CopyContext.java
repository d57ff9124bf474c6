package io.ioptexplorer.hardware.sim;

import io.ioptexplorer.hardware.events.EventScope;
import io.ioptexplorer.hardware.events.EventSink;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One copy of a machine's object graph (a checkpoint of a run, or a run resumed from one): the identity map from each
 * original object to its copy, so that an object reached twice (a port from its unit and from iommufd, a domain from
 * its HWPT and from the ports attached to it) is copied once and the copy's references point into the copy. Each
 * mutable class copies itself ({@code copy(CopyContext)}, beside the state it copies); immutable values (records,
 * the topology, the format descriptors) are shared, never copied.
 *
 * <p>Arrays are copied through {@link #copy(long[])} and its siblings, which count the bytes: what a checkpoint costs
 * in heap beyond the chunks it shares copy-on-write (see {@code TablePagePool} and {@code GuestMemory}).
 */
public final class CopyContext {
    private final Map<Object, Object> copies = new IdentityHashMap<>();
    private long copiedBytes;

    /**
     * The copy of {@code original}, made by {@code how} the first time it is asked for (null stays null). A class
     * whose graph has cycles registers its copy with {@link #register} before copying what points back to it.
     */
    @SuppressWarnings("unchecked")
    public <T> T copy(T original, Function<CopyContext, T> how) {
        if (original == null) {
            return null;
        }
        Object done = copies.get(original);
        if (done != null) {
            return (T) done;
        }
        T made = how.apply(this);
        Object raced = copies.putIfAbsent(original, made);
        if (raced != null && raced != made) {
            throw new IllegalStateException("two copies of one " + original.getClass().getSimpleName());
        }
        return made;
    }

    /** Records {@code copy} as the copy of {@code original}, before its own fields are copied (cycles). */
    public <T> void register(T original, T copy) {
        if (copies.putIfAbsent(original, copy) != null) {
            throw new IllegalStateException(original.getClass().getSimpleName() + " copied twice");
        }
    }

    /**
     * The copy already made of {@code original}, for a reference that must point into the copy but is not its
     * owner's to copy (a device's port is copied with its IOMMU unit). Fails when nothing copied it: a piece of state
     * the copy would otherwise share with the original.
     */
    @SuppressWarnings("unchecked")
    public <T> T copied(T original) {
        if (original == null) {
            return null;
        }
        Object done = copies.get(original);
        if (done == null) {
            throw new IllegalStateException("no copy made yet of " + original.getClass().getName()
                    + ": the checkpoint would share it with the live run");
        }
        return (T) done;
    }

    /** The sink a copied component publishes to: the copy of the run's sink, or {@link EventSink#NONE}. */
    public EventSink sink(EventSink original) {
        if (original instanceof EventScope.Over o) {
            return o.scope().over(sink(o.downstream())); // a page table's scoped view of the run's sink
        }
        return original == null || original == EventSink.NONE ? original : copied(original);
    }

    /** The copy of the run's one generator; only a {@link SeededRandom} has a state that can be copied. */
    public java.util.random.RandomGenerator random(java.util.random.RandomGenerator original) {
        if (original instanceof SeededRandom r) {
            return r.copy(this);
        }
        throw new IllegalStateException("a generator that cannot be copied: " + original.getClass().getName()
                + " (the machine draws from a SeededRandom)");
    }

    public long[] copy(long[] a) {
        if (a == null) {
            return null;
        }
        copiedBytes += 16 + 8L * a.length;
        return a.clone();
    }

    public int[] copy(int[] a) {
        if (a == null) {
            return null;
        }
        copiedBytes += 16 + 4L * a.length;
        return a.clone();
    }

    public boolean[] copy(boolean[] a) {
        if (a == null) {
            return null;
        }
        copiedBytes += 16 + a.length;
        return a.clone();
    }

    public byte[] copy(byte[] a) {
        if (a == null) {
            return null;
        }
        copiedBytes += 16 + a.length;
        return a.clone();
    }

    public long[][] copy(long[][] a) {
        if (a == null) {
            return null;
        }
        long[][] c = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = copy(a[i]);
        }
        copiedBytes += 16 + 8L * a.length;
        return c;
    }

    public int[][] copy(int[][] a) {
        if (a == null) {
            return null;
        }
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = copy(a[i]);
        }
        copiedBytes += 16 + 8L * a.length;
        return c;
    }

    /** Counts {@code bytes} of copied state not made through the methods above (map entries, boxed keys). */
    public void count(long bytes) {
        copiedBytes += bytes;
    }

    /** Heap bytes this copy allocated so far (an estimate for maps; exact for arrays). */
    public long copiedBytes() {
        return copiedBytes;
    }

    /**
     * Counts {@code bytes} of arrays the copy shares with the original copy-on-write: nothing now, but the copy
     * holds them alone once the original writes or drops them.
     */
    public void share(long bytes) {
        sharedBytes += bytes;
    }

    /** Bytes of arrays shared copy-on-write so far (see {@link #share}). */
    public long sharedBytes() {
        return sharedBytes;
    }

    private long sharedBytes;
}

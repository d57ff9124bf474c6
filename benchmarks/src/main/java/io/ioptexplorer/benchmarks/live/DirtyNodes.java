package io.ioptexplorer.benchmarks.live;

import com.sun.javafx.scene.DirtyBits;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;

/**
 * Which nodes will be drawn again, pulse by pulse: after each pulse's CSS and layout (a post-layout pulse listener,
 * before the scene is copied to the render graph), the nodes whose JavaFX dirty bits are set and whose bounds cover
 * at least a given share of the window. A big node marked dirty, or many small ones far apart (Prism merges its dirty
 * regions beyond six), make the renderer draw the window whole; the pulse logger shows the regions but not the
 * nodes. Reads JavaFX's private {@code Node.dirtyBits}, a set (a diagnostic only: the JavaFX jars are on the class
 * path, so the field is open to reflection).
 *
 * <p>After each pulse's copy to the render graph (a post-scene toolkit pulse listener, before the frame is drawn) it
 * also lists what Prism will take as dirty there: render-graph nodes marked dirty with their dirty bounds (hidden
 * ones too: Prism counts them), and groups with more than 12 dirty children, which Prism takes whole
 * ({@code NGNode.DIRTY_CHILDREN_ACCUMULATED_THRESHOLD}). That showed the hidden presentation banner's progress line,
 * 13x798 px, redrawn at the start of every play.
 */
final class DirtyNodes {
    private static final Field DIRTY_BITS;
    /** A parent's children removed since the last sync, and whether it gave up telling them apart (then whole). */
    private static final Field REMOVED;
    private static final Field REMOVED_WHOLE;

    static {
        try {
            DIRTY_BITS = Node.class.getDeclaredField("dirtyBits");
            DIRTY_BITS.setAccessible(true);
            REMOVED = Parent.class.getDeclaredField("removed");
            REMOVED.setAccessible(true);
            REMOVED_WHOLE = Parent.class.getDeclaredField("removedChildrenOptimizationDisabled");
            REMOVED_WHOLE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Bits a parent gets when a child's bounds change, and the CSS pass's own mark: they do not make the node's area
     * dirty by themselves, so they are left out of the report.
     */
    private static final Set<DirtyBits> PROPAGATED = EnumSet.of(DirtyBits.NODE_BOUNDS,
            DirtyBits.NODE_TRANSFORMED_BOUNDS, DirtyBits.NODE_CSS);

    private final Scene scene;
    private final double minShare;
    private final int pulses;
    private final List<String> report = new ArrayList<>();
    private int seen;
    private final Runnable listener = this::afterLayout;

    /** Reports the next {@code pulses} pulses of {@code scene}, nodes covering at least {@code minShare} of it. */
    DirtyNodes(Scene scene, double minShare, int pulses) {
        this.scene = scene;
        this.minShare = minShare;
        this.pulses = pulses;
        scene.addPostLayoutPulseListener(listener);
        com.sun.javafx.tk.Toolkit.getToolkit().addPostSceneTkPulseListener(afterSync);
    }

    private static final Field NG_DIRTY;
    private static final Field NG_CHILD_DIRTY;
    private static final Field NG_ACCUMULATED;
    private static final Field NG_DIRTY_BOUNDS;

    static {
        try {
            Class<?> ng = com.sun.javafx.sg.prism.NGNode.class;
            NG_DIRTY = ng.getDeclaredField("dirty");
            NG_CHILD_DIRTY = ng.getDeclaredField("childDirty");
            NG_ACCUMULATED = ng.getDeclaredField("dirtyChildrenAccumulated");
            NG_DIRTY_BOUNDS = ng.getDeclaredField("dirtyBounds");
            for (Field f : new Field[] {NG_DIRTY, NG_CHILD_DIRTY, NG_ACCUMULATED, NG_DIRTY_BOUNDS}) {
                f.setAccessible(true);
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private int syncs;
    private final com.sun.javafx.tk.TKPulseListener afterSync = this::afterSync;

    /** After the scene is copied to the render graph: what Prism will take as dirty. */
    private void afterSync() {
        if (syncs++ >= pulses) {
            com.sun.javafx.tk.Toolkit.getToolkit().removePostSceneTkPulseListener(afterSync);
            return;
        }
        List<String> found = new ArrayList<>();
        visitNg(scene.getRoot(), found);
        report.add("render graph " + syncs + ": " + String.join("\n    ", found));
    }

    private void visitNg(Node n, List<String> found) {
        com.sun.javafx.sg.prism.NGNode ng = com.sun.javafx.scene.NodeHelper.getPeer(n);
        try {
            Object flag = NG_DIRTY.get(ng);
            boolean childDirty = NG_CHILD_DIRTY.getBoolean(ng);
            int acc = NG_ACCUMULATED.getInt(ng);
            Bounds b = n.localToScene(n.getBoundsInLocal());
            String where = String.format("%s#%s %s %.0fx%.0f at %.0f,%.0f", n.getClass().getSimpleName(), n.getId(),
                    n.getStyleClass(), b.getWidth(), b.getHeight(), b.getMinX(), b.getMinY());
            if (!"CLEAN".equals(flag.toString())) {
                found.add(where + " " + flag + " dirtyBounds " + NG_DIRTY_BOUNDS.get(ng));
                return; // Prism takes this node whole and does not look below it
            }
            if (!childDirty) {
                return;
            }
            if (acc > 12) {
                found.add(where + " WHOLE: " + acc + " dirty children accumulated");
                return;
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                visitNg(c, found);
            }
        }
    }

    private void afterLayout() {
        if (seen++ >= pulses) {
            scene.removePostLayoutPulseListener(listener);
            return;
        }
        List<String> found = new ArrayList<>();
        visit(scene.getRoot(), found);
        report.add("pulse " + seen + ": " + (found.isEmpty() ? "no big dirty node" : String.join("\n    ", found)));
    }

    private void visit(Node n, List<String> found) {
        Set<DirtyBits> bits = bitsOf(n);
        if (!n.isVisible() && !bits.contains(DirtyBits.NODE_VISIBLE)) {
            return; // an invisible node draws nothing, unless it just became so
        }
        Bounds b = n.localToScene(n.getBoundsInLocal());
        double share = b.getWidth() * b.getHeight() / (scene.getWidth() * scene.getHeight());
        if (share < minShare) {
            return;
        }
        bits.removeAll(PROPAGATED);
        if (!bits.isEmpty()) {
            found.add(String.format("%s#%s %s %.0fx%.0f at %.0f,%.0f (%.0f%%)%s: %s", n.getClass().getSimpleName(),
                    n.getId(), n.getStyleClass(), b.getWidth(), b.getHeight(), b.getMinX(), b.getMinY(),
                    share * 100, n.isVisible() ? "" : " hidden", bits) + removedOf(n));
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                visit(c, found);
            }
        }
    }

    /** For a parent whose children changed: the children it dropped, with their last bounds in it. */
    @SuppressWarnings("unchecked")
    private static String removedOf(Node n) {
        if (!(n instanceof Parent p)) {
            return "";
        }
        try {
            List<Node> removed = (List<Node>) REMOVED.get(p);
            boolean whole = REMOVED_WHOLE.getBoolean(p);
            if ((removed == null || removed.isEmpty()) && !whole) {
                return "";
            }
            StringBuilder b = new StringBuilder(whole ? " [drawn whole: too many removed]" : "");
            if (removed != null) {
                for (Node r : removed) {
                    Bounds in = r.getBoundsInParent();
                    b.append(String.format(" removed %s %.0fx%.0f", r.getClass().getSimpleName(), in.getWidth(),
                            in.getHeight()));
                }
            }
            return b.toString();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<DirtyBits> bitsOf(Node n) {
        try {
            Set<DirtyBits> bits = (Set<DirtyBits>) DIRTY_BITS.get(n);
            return bits == null || bits.isEmpty() ? EnumSet.noneOf(DirtyBits.class) : EnumSet.copyOf(bits);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    void print() {
        report.forEach(System.out::println);
    }
}

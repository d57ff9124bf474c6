package io.ioptexplorer.app.migration;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.migration.FsmGraph;
import io.ioptexplorer.hardware.vfio.migration.VfioMigState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A VFIO migration v2 state machine drawn from an {@link FsmGraph}: the device's states on a fixed grid (running
 * states left, the saving group right, P2P states in the middle row), every arc the kernel allows as an arrow, the
 * current state filled, and the first {@code shownPathArcs} arcs of the last transition in the accent colour.
 */
final class FsmCanvas extends Canvas {
    private static final Map<VfioMigState, double[]> GRID = new EnumMap<>(VfioMigState.class);
    static final Color ACCENT = Color.web("#d9480f");
    static final Color CURRENT = Color.web("#1c7ed6");

    static {
        GRID.put(VfioMigState.RUNNING, new double[] {0, 0});
        GRID.put(VfioMigState.PRE_COPY, new double[] {1, 0});
        GRID.put(VfioMigState.RUNNING_P2P, new double[] {0, 1});
        GRID.put(VfioMigState.PRE_COPY_P2P, new double[] {1, 1});
        GRID.put(VfioMigState.STOP, new double[] {0, 2});
        GRID.put(VfioMigState.STOP_COPY, new double[] {1, 2});
        GRID.put(VfioMigState.RESUMING, new double[] {0, 3});
    }

    private static final double BOX_W = 150;
    private static final double BOX_H = 44;
    private static final double W = 460;
    private static final double H = 430;

    private FsmGraph graph = FsmGraph.of(io.ioptexplorer.hardware.vfio.migration.VfioMigFlags.stopCopyOnly());
    private VfioMigState current = VfioMigState.RUNNING;
    private List<FsmGraph.Arc> path = List.of();
    private int shownPathArcs;

    FsmCanvas() {
        setId("fsm-canvas");
        setWidth(W);
        setHeight(H);
        StageScale.property().addListener(o -> redraw());
    }

    /** The presentation scale every size is multiplied by. */
    private static double k() {
        return StageScale.get();
    }

    private double boxW() {
        return BOX_W * k();
    }

    private double boxH() {
        return BOX_H * k();
    }

    void show(FsmGraph g, VfioMigState now, List<FsmGraph.Arc> lastPath, int shown) {
        this.graph = g;
        this.current = now;
        this.path = lastPath;
        this.shownPathArcs = shown;
        redraw();
    }

    /** The state whose box holds canvas point (x, y), or null. */
    VfioMigState stateAt(double x, double y) {
        for (VfioMigState s : graph.states()) {
            Point2D c = centre(s);
            if (Math.abs(x - c.getX()) <= boxW() / 2 && Math.abs(y - c.getY()) <= boxH() / 2) {
                return s;
            }
        }
        return null;
    }

    /** Centre of a state's box. */
    Point2D centre(VfioMigState s) {
        double[] p = GRID.get(s);
        double colGap = (getWidth() - 2 * boxW()) / 3;
        double x = colGap + p[0] * (boxW() + colGap) + boxW() / 2;
        double y = (34 + p[1] * 92) * k() + boxH() / 2;
        return new Point2D(x, y);
    }

    private void redraw() {
        double k = k();
        if (getWidth() != W * k) { // the diagram grows with the presentation scale, inside its scroll pane
            setWidth(W * k);
            setHeight(H * k);
        }
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFont(Font.font(11 * k));
        g.setFill(Color.web("#333"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText("flags " + graph.flags() + " · " + graph.arcs().size() + " arcs · click a state: the moment the "
                + "device last entered it", 8 * k, 6 * k, getWidth() - 16 * k);
        for (FsmGraph.Arc a : graph.arcs()) {
            int i = path.indexOf(a);
            boolean lit = i >= 0 && i < shownPathArcs;
            drawArc(g, a, lit ? ACCENT : Color.web("#9aa0a6"), (lit ? 3 : 1.2) * k);
        }
        if (current == VfioMigState.ERROR) {
            g.setFill(Color.web("#c92a2a"));
            g.fillText("ERROR: only VFIO_DEVICE_RESET recovers", 8 * k, getHeight() - 34 * k);
        }
        for (VfioMigState s : graph.states()) {
            drawState(g, s);
        }
        g.setFont(Font.font(10 * k));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Under each state: its v1 device_state bits. NDMA and DIRTY_TRACK were proposed, never merged.",
                8 * k, getHeight() - 16 * k, getWidth() - 16 * k);
    }

    private void drawState(GraphicsContext g, VfioMigState s) {
        double k = k();
        Point2D c = centre(s);
        double x = c.getX() - boxW() / 2;
        double y = c.getY() - boxH() / 2;
        boolean now = s == current;
        g.setFill(now ? CURRENT : Color.web("#f1f3f5"));
        g.fillRoundRect(x, y, boxW(), boxH(), 12 * k, 12 * k);
        g.setStroke(now ? CURRENT.darker() : Color.web("#868e96"));
        g.setLineWidth((now ? 2 : 1) * k);
        g.strokeRoundRect(x, y, boxW(), boxH(), 12 * k, 12 * k);
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(now ? Color.WHITE : Color.web("#212529"));
        g.setFont(Font.font(null, FontWeight.BOLD, 12 * k));
        g.fillText(s.name(), c.getX(), y + 5 * k);
        g.setFont(Font.font(9.5 * k));
        g.fillText(FsmGraph.v1Label(s), c.getX(), y + 24 * k, boxW() - 8 * k);
    }

    /** An arrow between box edges, offset sideways so that a→b and b→a do not overlap. */
    private void drawArc(GraphicsContext g, FsmGraph.Arc a, Color color, double width) {
        Point2D p = centre(a.from());
        Point2D q = centre(a.to());
        Point2D d = q.subtract(p).normalize();
        double k = k();
        Point2D side = new Point2D(-d.getY(), d.getX()).multiply(6 * k);
        Point2D start = edge(p, d).add(side);
        Point2D end = edge(q, d.multiply(-1)).add(side);
        g.setStroke(color);
        g.setLineWidth(width);
        g.strokeLine(start.getX(), start.getY(), end.getX(), end.getY());
        Point2D back = end.subtract(d.multiply(10 * k));
        Point2D wing = new Point2D(-d.getY(), d.getX()).multiply(5 * k);
        g.setFill(color);
        g.fillPolygon(new double[] {end.getX(), back.getX() + wing.getX(), back.getX() - wing.getX()},
                new double[] {end.getY(), back.getY() + wing.getY(), back.getY() - wing.getY()}, 3);
    }

    /** Where a ray from a box's centre along {@code d} leaves the box. */
    private Point2D edge(Point2D c, Point2D d) {
        double tx = d.getX() == 0 ? Double.MAX_VALUE : (boxW() / 2) / Math.abs(d.getX());
        double ty = d.getY() == 0 ? Double.MAX_VALUE : (boxH() / 2) / Math.abs(d.getY());
        return c.add(d.multiply(Math.min(tx, ty) + 2 * k()));
    }
}

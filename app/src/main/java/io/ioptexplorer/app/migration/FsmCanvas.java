package io.ioptexplorer.app.migration;

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

    private FsmGraph graph = FsmGraph.of(io.ioptexplorer.hardware.vfio.migration.VfioMigFlags.stopCopyOnly());
    private VfioMigState current = VfioMigState.RUNNING;
    private List<FsmGraph.Arc> path = List.of();
    private int shownPathArcs;

    FsmCanvas() {
        setId("fsm-canvas");
        setWidth(460);
        setHeight(430);
    }

    void show(FsmGraph g, VfioMigState now, List<FsmGraph.Arc> lastPath, int shown) {
        this.graph = g;
        this.current = now;
        this.path = lastPath;
        this.shownPathArcs = shown;
        redraw();
    }

    /** Centre of a state's box. */
    Point2D centre(VfioMigState s) {
        double[] p = GRID.get(s);
        double colGap = (getWidth() - 2 * BOX_W) / 3;
        double x = colGap + p[0] * (BOX_W + colGap) + BOX_W / 2;
        double y = 34 + p[1] * 92 + BOX_H / 2;
        return new Point2D(x, y);
    }

    private void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFont(Font.font(11));
        g.setFill(Color.web("#333"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText("flags " + graph.flags() + " · " + graph.arcs().size() + " arcs", 8, 6);
        for (FsmGraph.Arc a : graph.arcs()) {
            int i = path.indexOf(a);
            boolean lit = i >= 0 && i < shownPathArcs;
            drawArc(g, a, lit ? ACCENT : Color.web("#9aa0a6"), lit ? 3 : 1.2);
        }
        if (current == VfioMigState.ERROR) {
            g.setFill(Color.web("#c92a2a"));
            g.fillText("ERROR: only VFIO_DEVICE_RESET recovers", 8, getHeight() - 34);
        }
        for (VfioMigState s : graph.states()) {
            drawState(g, s);
        }
        g.setFont(Font.font(10));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Under each state: its v1 device_state bits. NDMA and DIRTY_TRACK were proposed, never merged.",
                8, getHeight() - 16, getWidth() - 16);
    }

    private void drawState(GraphicsContext g, VfioMigState s) {
        Point2D c = centre(s);
        double x = c.getX() - BOX_W / 2;
        double y = c.getY() - BOX_H / 2;
        boolean now = s == current;
        g.setFill(now ? CURRENT : Color.web("#f1f3f5"));
        g.fillRoundRect(x, y, BOX_W, BOX_H, 12, 12);
        g.setStroke(now ? CURRENT.darker() : Color.web("#868e96"));
        g.setLineWidth(now ? 2 : 1);
        g.strokeRoundRect(x, y, BOX_W, BOX_H, 12, 12);
        g.setTextAlign(TextAlignment.CENTER);
        g.setFill(now ? Color.WHITE : Color.web("#212529"));
        g.setFont(Font.font(null, FontWeight.BOLD, 12));
        g.fillText(s.name(), c.getX(), y + 5);
        g.setFont(Font.font(9.5));
        g.fillText(FsmGraph.v1Label(s), c.getX(), y + 24, BOX_W - 8);
    }

    /** An arrow between box edges, offset sideways so that a→b and b→a do not overlap. */
    private void drawArc(GraphicsContext g, FsmGraph.Arc a, Color color, double width) {
        Point2D p = centre(a.from());
        Point2D q = centre(a.to());
        Point2D d = q.subtract(p).normalize();
        Point2D side = new Point2D(-d.getY(), d.getX()).multiply(6);
        Point2D start = edge(p, d).add(side);
        Point2D end = edge(q, d.multiply(-1)).add(side);
        g.setStroke(color);
        g.setLineWidth(width);
        g.strokeLine(start.getX(), start.getY(), end.getX(), end.getY());
        Point2D back = end.subtract(d.multiply(10));
        Point2D wing = new Point2D(-d.getY(), d.getX()).multiply(5);
        g.setFill(color);
        g.fillPolygon(new double[] {end.getX(), back.getX() + wing.getX(), back.getX() - wing.getX()},
                new double[] {end.getY(), back.getY() + wing.getY(), back.getY() - wing.getY()}, 3);
    }

    /** Where a ray from a box's centre along {@code d} leaves the box. */
    private static Point2D edge(Point2D c, Point2D d) {
        double tx = d.getX() == 0 ? Double.MAX_VALUE : (BOX_W / 2) / Math.abs(d.getX());
        double ty = d.getY() == 0 ? Double.MAX_VALUE : (BOX_H / 2) / Math.abs(d.getY());
        return c.add(d.multiply(Math.min(tx, ty) + 2));
    }
}

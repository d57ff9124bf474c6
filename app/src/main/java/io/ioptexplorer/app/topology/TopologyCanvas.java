package io.ioptexplorer.app.topology;

import io.ioptexplorer.app.stage.StageScale;
import java.util.Map;
import io.ioptexplorer.hardware.inspect.topology.TopologyView;
import io.ioptexplorer.viewmodel.topology.TopologyDiagramViewModel;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The machine drawn in three rows (devices on top, the IOMMU units with their HWPTs in the middle, the VM and its
 * memory at the bottom) or, in a wide and short pane, three columns left to right ({@link TopologyLayout}), with DMA
 * paths as arrows from each device through its IOMMU to memory (an emulated device's
 * writes go straight to memory through pinned pages). A unit without dirty tracking is drawn grey, a device with an
 * attach failure or fallback red. A path lights up while DMA flows on it (the dma-access events since the previous
 * snapshot) and fades when it stops. Every size follows {@link StageScale}.
 */
final class TopologyCanvas extends Canvas {
    static final Color NO_DIRTY = Color.web("#dee2e6");
    static final Color DIRTY = Color.web("#d3f9d8");
    static final Color PROBLEM = Color.web("#ffe3e3");
    static final Color DEVICE = Color.web("#e7f5ff");
    static final Color VM = Color.web("#fff3bf");
    static final double LINE = 15;
    private static final double LEGEND_LINE = 14;
    private static final String LEGEND = "Arrows: DMA from each device through its IOMMU to guest memory; orange "
            + "while traffic flows. Green unit: dirty tracking; grey: none upstream; red device: attach failed or "
            + "fell back.";
    /** A DMA path while traffic flows (fades back to its plain colour when it stops). */
    static final Color LIT = Color.web("#f76707");

    /** Where each item was drawn, for clicks and tests. */
    record Hit(String id, Rectangle2D box, List<String> lines) {
    }

    private final TopologyDiagramViewModel vm;
    /** Filled while drawing; {@link #drawn} is replaced whole at the end, so a reader never sees a half-drawn set. */
    private final List<Hit> hits = new ArrayList<>();
    private volatile List<Hit> drawn = List.of();
    private double viewportHeight = 1;
    /** Per device id, 1 right after DMA traffic, fading to 0; and the traffic's count for the label. */
    private Map<String, Double> heat = Map.of();
    private Map<String, Long> traffic = Map.of();

    TopologyCanvas(TopologyDiagramViewModel vm) {
        this.vm = vm;
        setId("topology-canvas");
    }


    /** How lit each device's DMA path is (0..1) and how many dma-access events lit it. */
    void setHeat(Map<String, Double> heat, Map<String, Long> traffic) {
        this.heat = Map.copyOf(heat);
        this.traffic = Map.copyOf(traffic);
    }

    private static double k() {
        return StageScale.get();
    }

    List<Hit> hits() {
        return drawn;
    }

    String itemAt(double x, double y) {
        for (Hit h : drawn) {
            if (h.box().contains(x, y)) {
                return h.id();
            }
        }
        return "";
    }

    /** Sets the size of the scroll pane's viewport: the canvas is that wide, and as tall as the layout needs. */
    void fitViewport(double width, double height) {
        viewportHeight = height;
        setWidth(Math.max(1, width));
        setHeight(Math.max(height, layout(getWidth(), height).height()));
        redraw();
    }

    private TopologyLayout layout(double w, double h) {
        TopologyView t = vm.topology();
        double k = k();
        List<TopologyLayout.Content> devices = t.devices().stream().map(d -> {
            List<String> lines = TopologyDiagramViewModel.deviceBoxLines(d);
            return new TopologyLayout.Content(d.id(), lines, d.problem().isEmpty() ? lines.size() : lines.size() - 1);
        }).toList();
        List<TopologyLayout.Content> units = t.units().stream()
                .map(u -> new TopologyLayout.Content(u.id(), vm.unitLines(u), vm.unitLines(u).size())).toList();
        TopologyLayout.Content vmBox = new TopologyLayout.Content("vm", vm.vmLines(), vm.vmLines().size());
        return TopologyLayout.of(devices, units, vmBox, w, h, k, TopologyCanvas::width,
                legendLines(w).size() * LEGEND_LINE * k + 8 * k);
    }

    void redraw() {
        hits.clear();
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        TopologyView t = vm.topology();
        double k = k();
        TopologyLayout layout = layout(w, Math.max(1, viewportHeight));
        Rectangle2D vmBox = layout.vm().rect();
        boolean cols = layout.columns();
        // arrows first, boxes on top
        double[] unitHeat = new double[layout.units().size()];
        for (int i = 0; i < layout.devices().size(); i++) {
            TopologyView.DeviceNode d = t.devices().get(i);
            Rectangle2D box = layout.devices().get(i).rect();
            int u = indexOf(t.units(), d.unitId());
            Color path = d.problem().isEmpty() ? Color.web("#495057") : Color.web("#c92a2a");
            double lit = heat.getOrDefault(d.id(), 0.0);
            Rectangle2D to = u >= 0 ? layout.units().get(u).rect() : vmBox;
            double[] line = link(box, to, cols);
            if (u < 0 && cols) { // no IOMMU: around the IOMMU column, under it, up into memory
                line = around(g, box, vmBox, layout, Color.web("#868e96").interpolate(LIT, lit), lit);
            }
            arrow(g, line[0], line[1], line[2], line[3], u >= 0 ? path : Color.web("#868e96"), lit);
            if (u >= 0) {
                unitHeat[u] = Math.max(unitHeat[u], lit);
                trafficLabel(g, d.id(), lit, (line[0] + line[2]) / 2, (line[1] + line[3]) / 2);
            }
        }
        for (int i = 0; i < layout.units().size(); i++) {
            double[] line = link(layout.units().get(i).rect(), vmBox, cols);
            arrow(g, line[0], line[1], line[2], line[3], Color.web("#495057"), unitHeat[i]);
        }
        for (int i = 0; i < layout.devices().size(); i++) {
            TopologyLayout.Box b = layout.devices().get(i);
            box(g, b, t.devices().get(i).problem().isEmpty() ? DEVICE : PROBLEM);
        }
        for (int i = 0; i < layout.units().size(); i++) {
            box(g, layout.units().get(i), t.units().get(i).dirtyCapable() ? DIRTY : NO_DIRTY);
        }
        box(g, layout.vm(), VM);
        drawn = List.copyOf(hits);
        List<String> legend = legendLines(w);
        g.setFont(Font.font(11 * k));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        double y = layout.height() - legend.size() * LEGEND_LINE * k - 8 * k;
        for (String line : legend) {
            g.fillText(line, 10 * k, y);
            y += LEGEND_LINE * k;
        }
    }

    /** The legend below the boxes, wrapped to the canvas. */
    private static List<String> legendLines(double w) {
        return TopologyLayout.wrap(List.of(LEGEND), w - 4 * k(), k(), (s, title) -> width(s, false));
    }

    /**
     * Draws the first legs of a path from a device to memory that must not cross the IOMMU column (in columns): right,
     * down under every box, right to below the VM; returns the last leg, up into the VM, for the arrow head.
     */
    private static double[] around(GraphicsContext g, Rectangle2D from, Rectangle2D vmBox, TopologyLayout layout,
                                   Color c, double lit) {
        double k = k();
        double bottom = vmBox.getMaxY();
        for (TopologyLayout.Box b : layout.devices()) {
            bottom = Math.max(bottom, b.rect().getMaxY());
        }
        for (TopologyLayout.Box b : layout.units()) {
            bottom = Math.max(bottom, b.rect().getMaxY());
        }
        double x0 = from.getMaxX();
        double y0 = from.getMinY() + from.getHeight() / 2;
        double xTurn = x0 + 20 * k;
        double yLane = bottom + TopologyLayout.BELOW * k / 2;
        double xVm = vmBox.getMinX() + vmBox.getWidth() / 2;
        g.setStroke(c);
        g.setLineWidth((2 + 3 * lit) * k);
        g.strokePolyline(new double[] {x0, xTurn, xTurn, xVm}, new double[] {y0, y0, yLane, yLane}, 4);
        return new double[] {xVm, yLane, xVm, vmBox.getMaxY()};
    }

    /** From one box to the next along the flow: bottom to top in rows, right side to left side in columns. */
    private static double[] link(Rectangle2D from, Rectangle2D to, boolean columns) {
        if (columns) {
            return new double[] {from.getMaxX(), from.getMinY() + from.getHeight() / 2, to.getMinX(),
                    to.getMinY() + to.getHeight() / 2};
        }
        return new double[] {from.getMinX() + from.getWidth() / 2, from.getMaxY(), to.getMinX() + to.getWidth() / 2,
                to.getMinY()};
    }

    /** The width of a line as {@link #box} draws it: a title in bold 12 px, the rest in 11 px, times the scale. */
    static double width(String line, boolean title) {
        Text text = new Text(line);
        text.setFont(title ? Font.font(null, FontWeight.BOLD, 12 * k()) : Font.font(11 * k()));
        return text.getLayoutBounds().getWidth();
    }

    /** "n DMA" beside a lit path, fading with it. */
    private void trafficLabel(GraphicsContext g, String device, double lit, double x, double y) {
        long n = traffic.getOrDefault(device, 0L);
        if (lit <= 0 || n == 0) {
            return;
        }
        g.setFont(Font.font(null, FontWeight.BOLD, 11 * k()));
        g.setFill(Color.web("#212529").deriveColor(0, 1, 1, lit));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(String.format("%,d DMA", n), x + 8 * k(), y);
    }

    private static int indexOf(List<TopologyView.Unit> units, String id) {
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** A box and its lines; those from {@code plainLines} on are its problem's, in red. */
    private void box(GraphicsContext g, TopologyLayout.Box b, Color fill) {
        String id = b.id();
        Rectangle2D r = b.rect();
        List<String> lines = b.lines();
        int plainLines = b.plainLines();
        hits.add(new Hit(id, r, lines));
        boolean selected = id.equals(vm.selectedProperty().get());
        double k = k();
        g.setFill(fill);
        g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 10 * k, 10 * k);
        g.setStroke(selected ? Color.web("#1c7ed6") : Color.web("#868e96"));
        g.setLineWidth((selected ? 3 : 1) * k);
        g.strokeRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 10 * k, 10 * k);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        double y = r.getMinY() + 8 * k;
        for (int i = 0; i < lines.size(); i++) {
            boolean problem = i >= plainLines;
            g.setFont(i == 0 ? Font.font(null, FontWeight.BOLD, 12 * k) : Font.font(11 * k));
            g.setFill(problem ? Color.web("#c92a2a") : Color.web("#212529"));
            g.fillText(lines.get(i), r.getMinX() + 8 * k, y); // wrapped to fit: never squeezed
            y += LINE * k;
        }
    }

    /** A DMA path; {@code lit} (0..1) blends it toward {@link #LIT} and thickens it while traffic flows. */
    private static void arrow(GraphicsContext g, double x1, double y1, double x2, double y2, Color base, double lit) {
        double k = k();
        Color c = lit > 0 ? base.interpolate(LIT, lit) : base;
        g.setStroke(c);
        g.setFill(c);
        g.setLineWidth((2 + 3 * lit) * k);
        g.strokeLine(x1, y1, x2, y2 - 2 * k);
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = Math.max(1, Math.hypot(dx, dy));
        double ux = dx / len;
        double uy = dy / len;
        double head = (10 + 4 * lit) * k;
        double bx = x2 - ux * head;
        double by = y2 - uy * head;
        double wing = head / 2;
        g.fillPolygon(new double[] {x2, bx - uy * wing, bx + uy * wing},
                new double[] {y2, by + ux * wing, by - ux * wing}, 3);
    }
}

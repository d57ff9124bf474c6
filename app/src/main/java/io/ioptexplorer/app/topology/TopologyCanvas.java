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
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The machine drawn in three rows: devices on top, the IOMMU units (with their HWPTs) in the middle, the VM and its
 * memory at the bottom, with DMA paths as arrows from each device through its IOMMU to memory (an emulated device's
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
    private static final double LINE = 15;
    /** A DMA path while traffic flows (fades back to its plain colour when it stops). */
    static final Color LIT = Color.web("#f76707");

    /** Where each item was drawn, for clicks and tests. */
    record Hit(String id, Rectangle2D box) {
    }

    private final TopologyDiagramViewModel vm;
    /** Filled while drawing; {@link #drawn} is replaced whole at the end, so a reader never sees a half-drawn set. */
    private final List<Hit> hits = new ArrayList<>();
    private volatile List<Hit> drawn = List.of();
    /** Per device id, 1 right after DMA traffic, fading to 0; and the traffic's count for the label. */
    private Map<String, Double> heat = Map.of();
    private Map<String, Long> traffic = Map.of();

    TopologyCanvas(TopologyDiagramViewModel vm) {
        this.vm = vm;
        setId("topology-canvas");
    }

    @Override
    public boolean isResizable() {
        return true;
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

    void redraw() {
        hits.clear();
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        TopologyView t = vm.topology();
        List<TopologyView.DeviceNode> devices = t.devices();
        List<TopologyView.Unit> units = t.units();
        double k = k();
        double rowGap = Math.max(40 * k, (h - 3 * 130 * k) / 4);
        double yDev = 16 * k;
        double yUnit = yDev + 130 * k + rowGap;
        double yVm = yUnit + 130 * k + rowGap;
        Rectangle2D vmBox = new Rectangle2D(w * 0.2, yVm, Math.max(40, w * 0.6), 56 * k);
        List<Rectangle2D> unitBoxes = new ArrayList<>();
        double unitW = slot(0, units.size(), w, 0, 0).getWidth();
        double devW = slot(0, devices.size(), w, 0, 0).getWidth();
        for (int i = 0; i < units.size(); i++) {
            List<String> lines = wrap(vm.unitLines(units.get(i)), unitW);
            unitBoxes.add(slot(i, units.size(), w, yUnit, (12 + lines.size() * LINE) * k));
        }
        // arrows first, boxes on top
        double[] unitHeat = new double[units.size()];
        for (int i = 0; i < devices.size(); i++) {
            TopologyView.DeviceNode d = devices.get(i);
            Rectangle2D box = slot(i, devices.size(), w, yDev, (12
                    + wrap(TopologyDiagramViewModel.deviceLines(d), devW).size() * LINE) * k);
            int u = indexOf(units, d.unitId());
            Color path = d.problem().isEmpty() ? Color.web("#495057") : Color.web("#c92a2a");
            double lit = heat.getOrDefault(d.id(), 0.0);
            double x1 = box.getMinX() + box.getWidth() / 2;
            if (u >= 0) {
                Rectangle2D ub = unitBoxes.get(u);
                arrow(g, x1, box.getMaxY(), ub.getMinX() + ub.getWidth() / 2, ub.getMinY(), path, lit);
                unitHeat[u] = Math.max(unitHeat[u], lit);
                trafficLabel(g, d.id(), lit, (x1 + ub.getMinX() + ub.getWidth() / 2) / 2,
                        (box.getMaxY() + ub.getMinY()) / 2);
            } else {
                arrow(g, x1, box.getMaxY(), vmBox.getMinX() + vmBox.getWidth() / 2, vmBox.getMinY(),
                        Color.web("#868e96"), lit);
            }
        }
        for (int i = 0; i < unitBoxes.size(); i++) {
            Rectangle2D ub = unitBoxes.get(i);
            arrow(g, ub.getMinX() + ub.getWidth() / 2, ub.getMaxY(), vmBox.getMinX() + vmBox.getWidth() / 2,
                    vmBox.getMinY(), Color.web("#495057"), unitHeat[i]);
        }
        for (int i = 0; i < devices.size(); i++) {
            TopologyView.DeviceNode d = devices.get(i);
            List<String> lines = TopologyDiagramViewModel.deviceLines(d);
            int plain = d.problem().isEmpty() ? lines.size() : lines.size() - 1;
            List<String> wrapped = wrap(lines, devW);
            Rectangle2D box = slot(i, devices.size(), w, yDev, (12 + wrapped.size() * LINE) * k);
            box(g, d.id(), box, d.problem().isEmpty() ? DEVICE : PROBLEM, wrapped,
                    wrap(lines.subList(0, plain), devW).size());
        }
        for (int i = 0; i < units.size(); i++) {
            TopologyView.Unit u = units.get(i);
            List<String> lines = wrap(vm.unitLines(u), unitW);
            box(g, u.id(), unitBoxes.get(i), u.dirtyCapable() ? DIRTY : NO_DIRTY, lines, lines.size());
        }
        box(g, "vm", vmBox, VM, vm.vmLines(), vm.vmLines().size());
        drawn = List.copyOf(hits);
        if (h - 20 * k < vmBox.getMaxY() + 4 * k) {
            return; // a pane too short for the legend line: it would cover the boxes
        }
        g.setFont(Font.font(11 * k));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Arrows: DMA from each device through its IOMMU to guest memory; orange while traffic flows. "
                + "Green unit: dirty tracking; grey: none upstream; red device: attach failed or fell back.",
                10 * k, h - 20 * k, w - 20 * k);
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

    /** Lines broken at spaces to fit {@code width} pixels (about 6.3 px per character at 11 px, times the scale). */
    static List<String> wrap(List<String> lines, double width) {
        int max = Math.max(12, (int) ((width - 16 * k()) / (6.3 * k())));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String rest = line;
            while (rest.length() > max) {
                int cut = rest.lastIndexOf(' ', max);
                cut = cut <= 0 ? max : cut;
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut).strip();
            }
            out.add(rest);
        }
        return out;
    }

    private static int indexOf(List<TopologyView.Unit> units, String id) {
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The i-th of n boxes spread across a row. */
    private static Rectangle2D slot(int i, int n, double w, double y, double height) {
        double gap = 16 * k();
        int count = Math.max(1, n);
        double bw = Math.max(40, Math.min(340 * k(), (w - gap * (count + 1)) / count));
        double total = count * bw + (count - 1) * gap;
        double x0 = (w - total) / 2;
        return new Rectangle2D(x0 + i * (bw + gap), y, bw, Math.max(1, height));
    }

    /** Lines from {@code plainLines} on are the problem's, in red. */
    private void box(GraphicsContext g, String id, Rectangle2D r, Color fill, List<String> lines, int plainLines) {
        hits.add(new Hit(id, r));
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
            g.fillText(lines.get(i), r.getMinX() + 8 * k, y, r.getWidth() - 16 * k);
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

package io.ioptexplorer.app.topology;

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
 * attach failure or fallback red.
 */
final class TopologyCanvas extends Canvas {
    static final Color NO_DIRTY = Color.web("#dee2e6");
    static final Color DIRTY = Color.web("#d3f9d8");
    static final Color PROBLEM = Color.web("#ffe3e3");
    static final Color DEVICE = Color.web("#e7f5ff");
    static final Color VM = Color.web("#fff3bf");
    private static final double LINE = 15;

    /** Where each item was drawn, for clicks and tests. */
    record Hit(String id, Rectangle2D box) {
    }

    private final TopologyDiagramViewModel vm;
    private final List<Hit> hits = new ArrayList<>();

    TopologyCanvas(TopologyDiagramViewModel vm) {
        this.vm = vm;
        setId("topology-canvas");
    }

    @Override
    public boolean isResizable() {
        return true;
    }

    List<Hit> hits() {
        return List.copyOf(hits);
    }

    String itemAt(double x, double y) {
        for (Hit h : hits) {
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
        double rowGap = Math.max(40, (h - 3 * 130) / 4);
        double yDev = 16;
        double yUnit = yDev + 130 + rowGap;
        double yVm = yUnit + 130 + rowGap;
        Rectangle2D vmBox = new Rectangle2D(w * 0.2, yVm, Math.max(40, w * 0.6), 56);
        List<Rectangle2D> unitBoxes = new ArrayList<>();
        double unitW = slot(0, units.size(), w, 0, 0).getWidth();
        double devW = slot(0, devices.size(), w, 0, 0).getWidth();
        for (int i = 0; i < units.size(); i++) {
            List<String> lines = wrap(vm.unitLines(units.get(i)), unitW);
            unitBoxes.add(slot(i, units.size(), w, yUnit, 12 + lines.size() * LINE));
        }
        // arrows first, boxes on top
        for (int i = 0; i < devices.size(); i++) {
            TopologyView.DeviceNode d = devices.get(i);
            Rectangle2D box = slot(i, devices.size(), w, yDev, 12
                    + wrap(TopologyDiagramViewModel.deviceLines(d), devW).size() * LINE);
            int u = indexOf(units, d.unitId());
            Color path = d.problem().isEmpty() ? Color.web("#495057") : Color.web("#c92a2a");
            if (u >= 0) {
                arrow(g, box.getMinX() + box.getWidth() / 2, box.getMaxY(), unitBoxes.get(u).getMinX()
                        + unitBoxes.get(u).getWidth() / 2, unitBoxes.get(u).getMinY(), path);
            } else {
                arrow(g, box.getMinX() + box.getWidth() / 2, box.getMaxY(), vmBox.getMinX() + vmBox.getWidth() / 2,
                        vmBox.getMinY(), Color.web("#868e96"));
            }
        }
        for (Rectangle2D ub : unitBoxes) {
            arrow(g, ub.getMinX() + ub.getWidth() / 2, ub.getMaxY(), vmBox.getMinX() + vmBox.getWidth() / 2,
                    vmBox.getMinY(), Color.web("#495057"));
        }
        for (int i = 0; i < devices.size(); i++) {
            TopologyView.DeviceNode d = devices.get(i);
            List<String> lines = TopologyDiagramViewModel.deviceLines(d);
            int plain = d.problem().isEmpty() ? lines.size() : lines.size() - 1;
            List<String> wrapped = wrap(lines, devW);
            Rectangle2D box = slot(i, devices.size(), w, yDev, 12 + wrapped.size() * LINE);
            box(g, d.id(), box, d.problem().isEmpty() ? DEVICE : PROBLEM, wrapped,
                    wrap(lines.subList(0, plain), devW).size());
        }
        for (int i = 0; i < units.size(); i++) {
            TopologyView.Unit u = units.get(i);
            List<String> lines = wrap(vm.unitLines(u), unitW);
            box(g, u.id(), unitBoxes.get(i), u.dirtyCapable() ? DIRTY : NO_DIRTY, lines, lines.size());
        }
        box(g, "vm", vmBox, VM, vm.vmLines(), vm.vmLines().size());
        g.setFont(Font.font(11));
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("Arrows: DMA from each device through its IOMMU to guest memory. Green unit: dirty tracking; grey: "
                + "none upstream; red device: attach failed or fell back.", 10, h - 20, w - 20);
    }

    /** Lines broken at spaces to fit {@code width} pixels (about 6.3 px per character at 11 px). */
    static List<String> wrap(List<String> lines, double width) {
        int max = Math.max(12, (int) ((width - 16) / 6.3));
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
        double gap = 16;
        int count = Math.max(1, n);
        double bw = Math.max(40, Math.min(340, (w - gap * (count + 1)) / count));
        double total = count * bw + (count - 1) * gap;
        double x0 = (w - total) / 2;
        return new Rectangle2D(x0 + i * (bw + gap), y, bw, Math.max(1, height));
    }

    /** Lines from {@code plainLines} on are the problem's, in red. */
    private void box(GraphicsContext g, String id, Rectangle2D r, Color fill, List<String> lines, int plainLines) {
        hits.add(new Hit(id, r));
        boolean selected = id.equals(vm.selectedProperty().get());
        g.setFill(fill);
        g.fillRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 10, 10);
        g.setStroke(selected ? Color.web("#1c7ed6") : Color.web("#868e96"));
        g.setLineWidth(selected ? 3 : 1);
        g.strokeRoundRect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight(), 10, 10);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        double y = r.getMinY() + 8;
        for (int i = 0; i < lines.size(); i++) {
            boolean problem = i >= plainLines;
            g.setFont(i == 0 ? Font.font(null, FontWeight.BOLD, 12) : Font.font(11));
            g.setFill(problem ? Color.web("#c92a2a") : Color.web("#212529"));
            g.fillText(lines.get(i), r.getMinX() + 8, y, r.getWidth() - 16);
            y += LINE;
        }
    }

    private static void arrow(GraphicsContext g, double x1, double y1, double x2, double y2, Color c) {
        g.setStroke(c);
        g.setFill(c);
        g.setLineWidth(2);
        g.strokeLine(x1, y1, x2, y2 - 2);
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = Math.max(1, Math.hypot(dx, dy));
        double ux = dx / len;
        double uy = dy / len;
        double bx = x2 - ux * 10;
        double by = y2 - uy * 10;
        g.fillPolygon(new double[] {x2, bx - uy * 5, bx + uy * 5}, new double[] {y2, by + ux * 5, by - ux * 5}, 3);
    }
}

package io.ioptexplorer.app.topology;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Rectangle2D;

/**
 * Where the diagram's boxes go, sized by what they hold: each box as tall as its lines wrapped to its width. Two
 * arrangements: three rows (devices, IOMMUs, the VM, top to bottom) when the pane is tall enough, else three columns
 * (left to right), which suits the wide, short centre pane of the explorer; when neither fits, the one needing the
 * less height, and the canvas grows to {@link #height()} inside its scroll pane. Geometry only, so it can be tested
 * without drawing.
 */
final class TopologyLayout {
    /** One laid-out box: its id, its lines wrapped to its width, the number of those lines before the problem's. */
    record Box(String id, Rectangle2D rect, List<String> lines, int plainLines) {
    }

    /** The width of a line as drawn: a box's first line (its title) in the bold title font, the rest in the body's. */
    interface Measure {
        double width(String line, boolean title);
    }

    /** A box's content before layout: its lines, and how many of them are plain (the rest are its problem, in red). */
    record Content(String id, List<String> lines, int plainLines) {
    }

    /** In columns, the gap under the boxes where an emulated device's path runs around the IOMMUs to memory. */
    static final double BELOW = 24;
    private final boolean columns;
    private final List<Box> devices;
    private final List<Box> units;
    private final Box vm;
    private final double height;

    private TopologyLayout(boolean columns, List<Box> devices, List<Box> units, Box vm, double height) {
        this.columns = columns;
        this.devices = devices;
        this.units = units;
        this.vm = vm;
        this.height = height;
    }

    /**
     * @param k       the presentation scale
     * @param measure the width in pixels of a line as drawn at this scale
     * @param legend  the height the legend below the boxes needs at width {@code w}
     */
    static TopologyLayout of(List<Content> devices, List<Content> units, Content vm, double w, double h, double k,
                             Measure measure, double legend) {
        TopologyLayout rows = rows(devices, units, vm, w, k, measure, legend);
        if (rows.height <= h) {
            return rows;
        }
        TopologyLayout cols = columns(devices, units, vm, w, k, measure, legend);
        return cols.height <= h || cols.height < rows.height ? cols : rows;
    }

    private static TopologyLayout rows(List<Content> devices, List<Content> units, Content vm, double w, double k,
                                       Measure measure, double legend) {
        double pad = 16 * k;
        double gap = 44 * k; // room for the arrows and their traffic labels
        double devW = slotWidth(devices.size(), w, k);
        double unitW = slotWidth(units.size(), w, k);
        List<List<String>> devLines = wrapAll(devices, devW, k, measure);
        List<List<String>> unitLines = wrapAll(units, unitW, k, measure);
        double devH = tallest(devLines, k);
        double unitH = tallest(unitLines, k);
        double y = pad;
        List<Box> d = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            d.add(box(devices.get(i), devLines.get(i), slotX(i, devices.size(), w, devW, k), y, devW, k, measure));
        }
        y += devices.isEmpty() ? 0 : devH + gap;
        List<Box> u = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            u.add(box(units.get(i), unitLines.get(i), slotX(i, units.size(), w, unitW, k), y, unitW, k, measure));
        }
        y += units.isEmpty() ? 0 : unitH + gap;
        double vmW = Math.max(120 * k, Math.min(w - 2 * pad, Math.max(devW, Math.min(w * 0.6, 520 * k))));
        List<String> vmLines = wrap(vm.lines(), vmW, k, measure);
        Box v = box(vm, vmLines, (w - vmW) / 2, y, vmW, k, measure);
        return new TopologyLayout(false, d, u, v, y + v.rect().getHeight() + pad + legend);
    }

    private static TopologyLayout columns(List<Content> devices, List<Content> units, Content vm, double w,
                                          double k, Measure measure, double legend) {
        double pad = 16 * k;
        double gapX = 56 * k; // room for the arrows between the columns
        double gapY = 12 * k;
        int cols = units.isEmpty() ? 2 : 3;
        double colW = Math.max(120 * k, Math.min(360 * k, (w - 2 * pad - (cols - 1) * gapX) / cols));
        double x0 = Math.max(pad, (w - cols * colW - (cols - 1) * gapX) / 2);
        List<Box> d = stack(devices, x0, colW, pad, gapY, k, measure);
        List<Box> u = stack(units, x0 + colW + gapX, colW, pad, gapY, k, measure);
        double bottom = Math.max(bottomOf(d), bottomOf(u));
        List<String> vmLines = wrap(vm.lines(), colW, k, measure);
        double vmH = heightOf(vmLines.size(), k);
        double vmY = Math.max(pad, (pad + Math.max(bottom, pad + vmH)) / 2 - vmH / 2);
        Box v = box(vm, vmLines, x0 + (cols - 1) * (colW + gapX), vmY, colW, k, measure);
        double end = Math.max(bottom, v.rect().getMaxY()) + BELOW * k; // room for a path around the IOMMU column
        return new TopologyLayout(true, d, u, v, end + pad + legend);
    }

    private static List<Box> stack(List<Content> items, double x, double width, double top, double gap, double k,
                                   Measure measure) {
        List<Box> out = new ArrayList<>();
        double y = top;
        for (Content c : items) {
            Box b = box(c, wrap(c.lines(), width, k, measure), x, y, width, k, measure);
            out.add(b);
            y = b.rect().getMaxY() + gap;
        }
        return out;
    }

    private static double bottomOf(List<Box> boxes) {
        return boxes.isEmpty() ? 0 : boxes.get(boxes.size() - 1).rect().getMaxY();
    }

    private static Box box(Content c, List<String> wrapped, double x, double y, double width, double k,
                           Measure measure) {
        int plain = wrap(c.lines().subList(0, c.plainLines()), width, k, measure).size();
        return new Box(c.id(), new Rectangle2D(x, y, width, heightOf(wrapped.size(), k)), wrapped, plain);
    }

    private static List<List<String>> wrapAll(List<Content> items, double width, double k,
                                              Measure measure) {
        return items.stream().map(c -> wrap(c.lines(), width, k, measure)).toList();
    }

    private static double tallest(List<List<String>> wrapped, double k) {
        return wrapped.stream().mapToDouble(l -> heightOf(l.size(), k)).max().orElse(0);
    }

    /** A box's height for {@code lines} lines: 8 px above, 15 px a line, 8 px below (times the scale). */
    static double heightOf(int lines, double k) {
        return (16 + lines * TopologyCanvas.LINE) * k;
    }

    private static double slotWidth(int n, double w, double k) {
        double gap = 16 * k;
        int count = Math.max(1, n);
        return Math.max(120 * k, Math.min(340 * k, (w - gap * (count + 1)) / count));
    }

    private static double slotX(int i, int n, double w, double bw, double k) {
        double gap = 16 * k;
        int count = Math.max(1, n);
        double total = count * bw + (count - 1) * gap;
        return Math.max(gap, (w - total) / 2) + i * (bw + gap);
    }

    /** Lines broken at spaces so each, as drawn, fits inside a box of {@code width} (8 px of padding each side). */
    static List<String> wrap(List<String> lines, double width, double k, Measure measure) {
        double room = Math.max(40, width - 16 * k);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String rest = lines.get(i);
            boolean title = i == 0;
            while (measure.width(rest, title) > room) {
                int cut = fitting(rest, title, room, measure);
                out.add(rest.substring(0, cut).strip());
                rest = rest.substring(cut).strip();
            }
            out.add(rest);
        }
        return out;
    }

    /** Where to break {@code s}: after the last space that keeps the head within {@code room}, else mid-word. */
    private static int fitting(String s, boolean title, double room, Measure measure) {
        int lo = 1;
        int hi = s.length();
        while (lo < hi) { // the longest prefix that fits
            int mid = (lo + hi + 1) >>> 1;
            if (measure.width(s.substring(0, mid), title) <= room) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int space = s.lastIndexOf(' ', lo);
        return space > 0 ? space : lo;
    }

    boolean columns() {
        return columns;
    }

    List<Box> devices() {
        return devices;
    }

    List<Box> units() {
        return units;
    }

    Box vm() {
        return vm;
    }

    /** The height every box and the legend need. */
    double height() {
        return height;
    }
}

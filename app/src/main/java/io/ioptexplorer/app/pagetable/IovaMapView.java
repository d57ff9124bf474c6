package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.viewmodel.pagetable.MapViewport;
import io.ioptexplorer.viewmodel.pagetable.PageTableSnapshot;
import io.ioptexplorer.viewmodel.pagetable.PageTableViewModel;
import java.util.Map;
import java.util.function.LongConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The IOVA space of the HWPT as pixels: one cell per bucket of the snapshot's map (many pages per cell zoomed out,
 * one page per cell zoomed in), written into one {@link WritableImage} from an int array, scaled without smoothing.
 * Wheel or +/- zoom, arrow keys or the buttons pan by rows, a click selects the entry mapping that IOVA.
 */
final class IovaMapView {
    private final PageTableViewModel vm;
    /** Whole pixels per cell, so every cell is a crisp square at any window size (no scaling, no blending). */
    private int cellPx = 2;
    private WritableImage image;
    private int[] cells = new int[PageTableViewModel.MAP_COLUMNS * PageTableViewModel.MAP_ROWS];
    private int[] pixels;
    private final ImageView view = new ImageView();
    private final Label caption = new Label();
    private final VBox root = new VBox(6);
    private LongConsumer onPick = iova -> { };

    IovaMapView(PageTableViewModel vm) {
        this.vm = vm;
        view.setId("iova-map");
        view.setSmooth(false);
        resize(cellPx);
        StackPane holder = new StackPane(view);
        holder.setAlignment(Pos.TOP_LEFT);
        holder.setFocusTraversable(true);
        holder.setStyle("-fx-border-color: -color-border-default;");
        // Never smaller than the image at one pixel per cell: at 1280x800 a shrunken holder let it cover the legend.
        holder.setMinSize(PageTableViewModel.MAP_COLUMNS + 4, PageTableViewModel.MAP_ROWS + 4);
        javafx.beans.InvalidationListener fit = o -> {
            // Whole pixels per cell that fit the holder; at least the stage scale (presentation mode enlarges cells).
            int px = (int) Math.max(Math.max(1, Math.round(StageScale.get())), Math.floor((Math.min(holder.getWidth(),
                holder.getHeight()) - 4) / Math.max(PageTableViewModel.MAP_COLUMNS, PageTableViewModel.MAP_ROWS)));
            if (px != cellPx) {
                resize(px);
                paint();
            }
        };
        holder.widthProperty().addListener(fit);
        holder.heightProperty().addListener(fit);
        StageScale.property().addListener(fit);
        holder.setOnScroll(e -> vm.zoomMap(e.getDeltaY() > 0 ? 1 : -1));
        holder.setOnMouseClicked(e -> {
            holder.requestFocus();
            pick(e.getX() - view.getBoundsInParent().getMinX(), e.getY() - view.getBoundsInParent().getMinY());
        });
        holder.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.EQUALS || e.getCode() == KeyCode.ADD) {
                vm.zoomMap(1);
            } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
                vm.zoomMap(-1);
            } else if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.PAGE_DOWN) {
                vm.panMap(e.getCode() == KeyCode.DOWN ? 8 : PageTableViewModel.MAP_ROWS);
            } else if (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.PAGE_UP) {
                vm.panMap(e.getCode() == KeyCode.UP ? -8 : -PageTableViewModel.MAP_ROWS);
            } else {
                return;
            }
            e.consume();
        });
        Button in = button("+", "Zoom in (+ or the mouse wheel)", () -> vm.zoomMap(1));
        Button out = button("−", "Zoom out (−)", () -> vm.zoomMap(-1));
        Button up = button("▲", "Towards lower IOVAs (↑, PageUp)", () -> vm.panMap(-PageTableViewModel.MAP_ROWS / 2));
        Button down = button("▼", "Towards higher IOVAs (↓, PageDown)",
            () -> vm.panMap(PageTableViewModel.MAP_ROWS / 2));
        caption.setId("iova-map-caption");
        caption.setWrapText(false);
        caption.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        Label keys = new Label("wheel or +/− zoom · ↑/↓ pan · click: go to the entry");
        keys.getStyleClass().add("row-body");
        HBox bar = new HBox(6, in, out, up, down, keys);
        bar.setAlignment(Pos.CENTER_LEFT);
        // The range shown on a line of its own: at 1280 or 1600 px wide it no longer wraps beside the buttons.
        root.getChildren().addAll(bar, caption, holder, legend());
        root.setPadding(new Insets(6));
        VBox.setVgrow(holder, javafx.scene.layout.Priority.ALWAYS);
        vm.snapshotProperty().addListener((o, a, s) -> draw(s));
    }

    VBox root() {
        return root;
    }

    ImageView imageView() {
        return view;
    }


    /** What to do with a clicked IOVA (the window reveals its entry). */
    void setOnPick(LongConsumer pick) {
        this.onPick = pick;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private FlowPane legend() {
        FlowPane legend = new FlowPane(10, 4);
        legend.setId("iova-map-legend");
        for (Map.Entry<String, Integer> e : MapPalette.legend().entrySet()) {
            int argb = e.getValue();
            Rectangle swatch = new Rectangle(12, 12, Color.rgb(argb >> 16 & 255, argb >> 8 & 255, argb & 255));
            swatch.widthProperty().bind(StageScale.property().multiply(12));
            swatch.heightProperty().bind(StageScale.property().multiply(12));
            HBox item = new HBox(4, swatch, new Label(e.getKey()));
            item.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(item);
        }
        return legend;
    }

    private void resize(int px) {
        cellPx = px;
        image = new WritableImage(PageTableViewModel.MAP_COLUMNS * px, PageTableViewModel.MAP_ROWS * px);
        pixels = new int[(int) (image.getWidth() * image.getHeight())];
        view.setImage(image);
    }

    /** Pixels per cell at the current size. */
    int cellPx() {
        return cellPx;
    }

    /** Colours the cells from the snapshot's map, then paints them: one pixel write for the whole image. */
    void draw(PageTableSnapshot s) {
        IovaMap map = s == null ? null : s.map();
        if (map == null) {
            java.util.Arrays.fill(cells, MapPalette.UNMAPPED);
            caption.setText("No page table at this moment");
        } else {
            fill(map, cells);
            MapViewport v = s.viewport();
            caption.setText(Hex.range(v.firstIova(), v.firstIova() + v.span() - 1) + ", "
                + MapPalette.bucket(v.bytesPerBucket()) + " per cell");
        }
        paint();
    }

    private void paint() {
        int w = PageTableViewModel.MAP_COLUMNS * cellPx;
        expand(cells, PageTableViewModel.MAP_COLUMNS, cellPx, pixels);
        image.getPixelWriter().setPixels(0, 0, w, PageTableViewModel.MAP_ROWS * cellPx,
            PixelFormat.getIntArgbInstance(), pixels, 0, w);
    }

    /** Each cell becomes a px × px square of the output, row by row. */
    static void expand(int[] cells, int columns, int px, int[] out) {
        int w = columns * px;
        int rows = cells.length / columns;
        for (int r = 0; r < rows; r++) {
            int line = r * px * w;
            for (int c = 0; c < columns; c++) {
                java.util.Arrays.fill(out, line + c * px, line + c * px + px, cells[r * columns + c]);
            }
            for (int k = 1; k < px; k++) {
                System.arraycopy(out, line, out, line + k * w, w);
            }
        }
    }

    /** The colouring loop, kept apart so the benchmark measures exactly what the view does per frame. */
    static void fill(IovaMap map, int[] out) {
        int n = Math.min(out.length, map.buckets());
        for (int i = 0; i < n; i++) {
            out[i] = MapPalette.colour(map.state(i), map.leafShift(i));
        }
        for (int i = n; i < out.length; i++) {
            out[i] = MapPalette.UNMAPPED;
        }
    }

    private void pick(double x, double y) {
        PageTableSnapshot s = vm.snapshotProperty().get();
        if (s == null || s.viewport() == null) {
            return;
        }
        int column = (int) (x / cellPx);
        int row = (int) (y / cellPx);
        if (column < 0 || row < 0 || column >= PageTableViewModel.MAP_COLUMNS || row >= PageTableViewModel.MAP_ROWS) {
            return;
        }
        onPick.accept(s.viewport().iovaAt(column, row));
    }

}

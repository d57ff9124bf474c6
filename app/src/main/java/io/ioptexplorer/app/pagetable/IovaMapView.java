package io.ioptexplorer.app.pagetable;

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
    private final WritableImage image = new WritableImage(PageTableViewModel.MAP_COLUMNS,
        PageTableViewModel.MAP_ROWS);
    private final int[] pixels = new int[PageTableViewModel.MAP_COLUMNS * PageTableViewModel.MAP_ROWS];
    private final ImageView view = new ImageView(image);
    private final Label caption = new Label();
    private final VBox root = new VBox(6);
    private LongConsumer onPick = iova -> { };

    IovaMapView(PageTableViewModel vm) {
        this.vm = vm;
        view.setId("iova-map");
        view.setSmooth(false);
        view.setPreserveRatio(true);
        view.setFitWidth(PageTableViewModel.MAP_COLUMNS * 2);
        StackPane holder = new StackPane(view);
        holder.setFocusTraversable(true);
        holder.setStyle("-fx-border-color: -color-border-default;");
        holder.setMinSize(0, 0);
        view.fitWidthProperty().bind(holder.widthProperty().subtract(4));
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
        caption.setWrapText(true);
        HBox bar = new HBox(6, in, out, up, down, caption);
        bar.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(bar, holder, legend());
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

    WritableImage image() {
        return image;
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
            HBox item = new HBox(4, swatch, new Label(e.getKey()));
            item.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(item);
        }
        return legend;
    }

    /** Fills the image from the snapshot's map: one int per cell, one pixel write for the whole image. */
    void draw(PageTableSnapshot s) {
        IovaMap map = s == null ? null : s.map();
        if (map == null) {
            java.util.Arrays.fill(pixels, MapPalette.UNMAPPED);
            caption.setText("No page table at this moment");
        } else {
            fill(map, pixels);
            MapViewport v = s.viewport();
            caption.setText(Hex.range(v.firstIova(), v.firstIova() + v.span() - 1) + ", "
                + MapPalette.bucket(v.bytesPerBucket()) + " per cell");
        }
        image.getPixelWriter().setPixels(0, 0, PageTableViewModel.MAP_COLUMNS, PageTableViewModel.MAP_ROWS,
            PixelFormat.getIntArgbInstance(), pixels, 0, PageTableViewModel.MAP_COLUMNS);
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
        if (s == null || s.viewport() == null || view.getBoundsInParent().getWidth() <= 0) {
            return;
        }
        double scale = view.getBoundsInParent().getWidth() / PageTableViewModel.MAP_COLUMNS;
        int column = (int) (x / scale);
        int row = (int) (y / scale);
        if (column < 0 || row < 0 || column >= PageTableViewModel.MAP_COLUMNS || row >= PageTableViewModel.MAP_ROWS) {
            return;
        }
        onPick.accept(s.viewport().iovaAt(column, row));
    }

}

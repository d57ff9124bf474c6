package io.ioptexplorer.app.pagetable;

import io.ioptexplorer.app.stage.StageScale;
import io.ioptexplorer.hardware.inspect.IovaMap;
import io.ioptexplorer.hardware.inspect.MapDifferences;
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
 * one page per cell zoomed in), written into one {@link WritableImage} from an int array, without smoothing. The
 * image fills the square its pane leaves it, so a cell is 1.8 or 2.6 px on average: cell edges fall on whole pixels
 * (some cells a pixel wider than others), never blended. Wheel or +/- zoom, arrow keys or the buttons pan by rows, a
 * click selects the entry mapping that IOVA.
 */
final class IovaMapView {
    private final PageTableViewModel vm;
    /** The image's side in pixels: every cell's edges on whole pixels, so nothing is blended. */
    private int sidePx = 2 * PageTableViewModel.MAP_COLUMNS;
    private WritableImage image;
    private int[] cells = new int[PageTableViewModel.MAP_COLUMNS * PageTableViewModel.MAP_ROWS];
    /** Cells whose pages differ from the pinned moment compared with (outlined); all false when none is. */
    private boolean[] differs = new boolean[cells.length];
    private final Label pinKey = new Label();
    private int[] pixels;
    private final ImageView view = new ImageView();
    private final Label caption = new Label();
    private final VBox root = new VBox(6);
    private final HBox controls = new HBox(4);
    private LongConsumer onPick = iova -> { };

    IovaMapView(PageTableViewModel vm) {
        this.vm = vm;
        view.setId("iova-map");
        view.setSmooth(false);
        resize(sidePx);
        StackPane holder = new StackPane(view);
        holder.setAlignment(Pos.TOP_LEFT);
        holder.setFocusTraversable(true);
        holder.setStyle("-fx-border-color: -color-border-default;");
        // Never smaller than the image at the stage scale's whole pixels per cell (one at 1x), and the image never
        // larger than the holder: at 1280x800 a shrunken holder let it cover the legend, and on stage at 2x an image
        // of 2 px a cell in a smaller holder covered the caption under it. The column scrolls instead.
        holder.minWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
            () -> leastSide(StageScale.get()) + 4.0, StageScale.property()));
        holder.minHeightProperty().bind(holder.minWidthProperty());
        javafx.beans.InvalidationListener fit = o -> {
            int side = side(holder.getWidth() - 4, holder.getHeight() - 4, StageScale.get());
            if (side != sidePx) {
                resize(side);
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
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        Tooltip.install(holder, new Tooltip("Wheel or +/− zoom · ↑/↓ pan · click a cell: go to its entry"));
        for (Button b : new Button[] {in, out, up, down}) {
            b.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
        }
        // The buttons sit on a row of their own above the map: the map is as tall as the column is wide, so the
        // column has height to spare, while in the tab's toolbar they took the width the HWPT chooser needs at
        // 1280x800.
        controls.getChildren().setAll(in, out, up, down);
        controls.setId("iova-map-controls");
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setMinWidth(Region.USE_PREF_SIZE);
        root.getChildren().addAll(controls, holder, caption, legend(), pinKey());
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
        // Two short columns when the map is narrow, one line when it is wide; every entry one swatch and a few words.
        FlowPane legend = new FlowPane(10, 0);
        legend.setId("iova-map-legend");
        for (Map.Entry<String, Integer> e : MapPalette.legend().entrySet()) {
            int argb = e.getValue();
            Rectangle swatch = new Rectangle(12, 12, Color.rgb(argb >> 16 & 255, argb >> 8 & 255, argb & 255));
            swatch.widthProperty().bind(StageScale.property().multiply(12));
            swatch.heightProperty().bind(StageScale.property().multiply(12));
            Label name = new Label(e.getKey());
            // Small text: at 1280x800 the map column is short, and the last entries (dirty) fell below its end.
            name.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_SMALL);
            HBox item = new HBox(4, swatch, name);
            item.setAlignment(Pos.CENTER_LEFT);
            legend.getChildren().add(item);
        }
        return legend;
    }

    private Label pinKey() {
        // Only while a pinned moment is compared: what the outlined cells mean, and since when. A line of its own that
        // wraps: in the legend's flow its length set the map pane's least width, and cut everything off at 1280x800.
        Rectangle ring = new Rectangle(12, 12, Color.TRANSPARENT);
        int argb = MapPalette.DIFFERS_FROM_PIN;
        ring.setStroke(Color.rgb(argb >> 16 & 255, argb >> 8 & 255, argb & 255));
        ring.setStrokeWidth(2);
        ring.widthProperty().bind(StageScale.property().multiply(12));
        ring.heightProperty().bind(StageScale.property().multiply(12));
        pinKey.setId("iova-map-pin-key");
        pinKey.setWrapText(true);
        pinKey.setMinHeight(Region.USE_PREF_SIZE);
        pinKey.setGraphic(ring);
        pinKey.visibleProperty().bind(vm.baselineProperty().isNotNull());
        pinKey.managedProperty().bind(pinKey.visibleProperty());
        pinKey.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
            vm.baselineProperty().get() == null ? "" : "outlined: differs from the moment pinned after step "
                + vm.baselineProperty().get().step(), vm.baselineProperty()));
        return pinKey;
    }

    /**
     * The image side for a holder of {@code width × height}: as large as fits, and at least the stage scale's whole
     * pixels per cell ({@link #leastSide}; the holder is never smaller, so the image stays inside it).
     */
    static int side(double width, double height, double scale) {
        return (int) Math.max(leastSide(scale), Math.floor(Math.min(width, height)));
    }

    /** The smallest image side: one pixel per cell at 1x, the stage scale's whole pixels per cell on stage. */
    static int leastSide(double scale) {
        int n = Math.max(PageTableViewModel.MAP_COLUMNS, PageTableViewModel.MAP_ROWS);
        return n * (int) Math.max(1, Math.round(scale));
    }

    private void resize(int side) {
        sidePx = side;
        image = new WritableImage(side, side);
        pixels = new int[side * side];
        view.setImage(image);
    }

    /** Average pixels per cell at the current size. */
    double cellSize() {
        return (double) sidePx / PageTableViewModel.MAP_COLUMNS;
    }

    /** The first pixel of column (or row) {@code cell}, as {@link #expand} lays cells out. */
    int firstPixelOf(int cell) {
        int n = PageTableViewModel.MAP_COLUMNS;
        return (int) (((long) cell * sidePx + n - 1) / n);
    }

    /** Colours the cells from the snapshot's map, then paints them: one pixel write for the whole image. */
    void draw(PageTableSnapshot s) {
        IovaMap map = s == null ? null : s.map();
        MapDifferences pinned = s == null ? null : s.sincePin();
        for (int i = 0; i < differs.length; i++) {
            differs[i] = pinned != null && i < pinned.buckets() && pinned.differs(i);
        }
        if (map == null) {
            java.util.Arrays.fill(cells, MapPalette.UNMAPPED);
            caption.setText("No page table at this moment");
        } else {
            fill(map, cells);
            MapViewport v = s.viewport();
            caption.setText(Hex.range(v.firstIova(), v.firstIova() + v.span() - 1) + ", "
                + MapPalette.bucket(v.bytesPerBucket()) + " per cell" + (pinned == null ? ""
                : ", " + pinned.count() + " differ from the pin"));
        }
        paint();
    }

    private void paint() {
        expand(cells, PageTableViewModel.MAP_COLUMNS, PageTableViewModel.MAP_ROWS, sidePx, sidePx, pixels);
        outline(differs, PageTableViewModel.MAP_COLUMNS, PageTableViewModel.MAP_ROWS, sidePx, sidePx,
            MapPalette.DIFFERS_FROM_PIN, pixels);
        image.getPixelWriter().setPixels(0, 0, sidePx, sidePx, PixelFormat.getIntArgbInstance(), pixels, 0, sidePx);
    }

    /**
     * Scales {@code columns × rows} cells to a {@code width × height} image, nearest cell per pixel: pixel x shows
     * column {@code x * columns / width}, so cells differ by at most one pixel and every pixel has one cell's colour.
     */
    static void expand(int[] cells, int columns, int rows, int width, int height, int[] out) {
        int[] columnOf = new int[width];
        for (int x = 0; x < width; x++) {
            columnOf[x] = (int) ((long) x * columns / width);
        }
        int lastRow = -1;
        for (int y = 0; y < height; y++) {
            int row = (int) ((long) y * rows / height);
            if (row == lastRow) {
                System.arraycopy(out, (y - 1) * width, out, y * width, width); // the same cells as the line above
                continue;
            }
            lastRow = row;
            int base = row * columns;
            for (int x = 0; x < width; x++) {
                out[y * width + x] = cells[base + columnOf[x]];
            }
        }
    }

    /**
     * Draws the edge pixels of every marked cell in {@code colour} (laid out as {@link #expand}): a cell of three
     * pixels or more keeps its own colour inside the outline; a smaller one is all outline.
     */
    static void outline(boolean[] marked, int columns, int rows, int width, int height, int colour, int[] out) {
        boolean any = false;
        for (boolean m : marked) {
            any |= m;
        }
        if (!any) {
            return; // nothing compared, or nothing differs: the usual frame costs one pass over the flags
        }
        int[] columnOf = new int[width];
        for (int x = 0; x < width; x++) {
            columnOf[x] = (int) ((long) x * columns / width);
        }
        for (int y = 0; y < height; y++) {
            int row = (int) ((long) y * rows / height);
            boolean edgeRow = y == 0 || y == height - 1 || (int) ((long) (y - 1) * rows / height) != row
                || (int) ((long) (y + 1) * rows / height) != row;
            for (int x = 0; x < width; x++) {
                int c = columnOf[x];
                if (marked[row * columns + c] && (edgeRow || x == 0 || x == width - 1 || columnOf[x - 1] != c
                    || columnOf[x + 1] != c)) {
                    out[y * width + x] = colour;
                }
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
        int column = (int) Math.floor(x * PageTableViewModel.MAP_COLUMNS / sidePx);
        int row = (int) Math.floor(y * PageTableViewModel.MAP_ROWS / sidePx);
        if (column < 0 || row < 0 || column >= PageTableViewModel.MAP_COLUMNS || row >= PageTableViewModel.MAP_ROWS) {
            return;
        }
        onPick.accept(s.viewport().iovaAt(column, row));
    }

}

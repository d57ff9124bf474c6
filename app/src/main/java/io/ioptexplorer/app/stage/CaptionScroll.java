package io.ioptexplorer.app.stage;

import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * A caption in a scroll area that is as tall as the caption, but never taller than a given height, in whole lines:
 * the rest scrolls with its scroll bar in view. The stage banner ({@link CaptionArea}'s share of the screen) and the
 * window's step caption (its share of the window) both fit theirs so.
 */
public final class CaptionScroll {
    private CaptionScroll() {
    }

    /**
     * Sizes {@code area}'s viewport to {@code caption} at {@code width}, at most {@code most} pixels (at least one
     * line), and as tall as the tallest of the caption's own text and {@code others} (the captions it will show next):
     * the area then keeps its height while the caption changes. A taller caption moved everything under it, and the
     * window was laid out and drawn whole, twice, at every step of a play (about 100 ms with the software pipeline:
     * issue 11's frame time). Call after CSS and layout, when the caption's font is its style's.
     */
    public static void fit(ScrollPane area, Label caption, double width, double most,
                           java.util.List<String> others) {
        fit(area, caption, width, most, others, text -> caption.getFont());
    }

    /**
     * {@link #fit(ScrollPane, Label, double, double, java.util.List)} with each of {@code others} measured in the
     * font it is shown in ({@code fontOf}): the stage sets long captions smaller.
     */
    public static void fit(ScrollPane area, Label caption, double width, double most,
                           java.util.List<String> others, java.util.function.Function<String, Font> fontOf) {
        double inner = Math.max(1, width - area.snappedLeftInset() - area.snappedRightInset());
        double own = caption.prefHeight(inner);
        double padding = caption.snappedTopInset() + caption.snappedBottomInset();
        // The shown caption's lines, counted with a text of its font wrapped as the label wraps it: the label's line
        // pitch is its own height over its lines (a text's lines are lower than a label's).
        Text probe = new Text("Xg");
        probe.setFont(caption.getFont());
        double textLine = probe.getLayoutBounds().getHeight();
        probe.setWrappingWidth(Math.max(1, inner - caption.snappedLeftInset() - caption.snappedRightInset()));
        double line = (own - padding) / lines(probe, caption.getText(), textLine);
        // The others measured by a label like the caption in the font each is shown in: the same text in the same
        // font measures what the caption does when it shows it, so the area keeps one height from step to step.
        double tallest = own;
        java.util.Set<Font> fonts = new java.util.LinkedHashSet<>();
        for (String other : others) {
            Font f = fontOf.apply(other);
            fonts.add(f);
            Label l = likeCaption(caption, f);
            l.setText(other == null || other.isEmpty() ? "Xg" : other);
            tallest = Math.max(tallest, l.prefHeight(inner));
        }
        double whole = tallest;
        double shown = Math.ceil(whole);
        double room = shown;
        if (whole > most) {
            shown = wholeLines(line, most, caption);
            // Another font's whole lines may fill more of the share: that room is kept under this caption's lines,
            // so the views below stay put (at 2.5x the banner was 186 or 202 px as a long caption, set smaller,
            // alternated with the others).
            room = shown;
            for (Font f : fonts) {
                if (!f.equals(caption.getFont())) {
                    Label l = likeCaption(caption, f);
                    l.setText("Xg");
                    room = Math.max(room, wholeLines(l.prefHeight(inner) - padding, most, caption));
                }
            }
        }
        area.setPrefViewportHeight(shown);
        area.setMinViewportHeight(shown);
        area.setMaxHeight(Region.USE_PREF_SIZE);
        VBox.setMargin(area, room > shown ? new javafx.geometry.Insets(0, 0, room - shown, 0) : null);
    }

    /**
     * The height of as many whole lines of pitch {@code line} as fit in {@code most} (a line cut in half read as a
     * rendering fault), at least one, with the caption's top padding only (with the bottom one too, the top of the
     * next line showed under the last); in whole pixels, so pitches a fraction apart give the same height.
     */
    private static double wholeLines(double line, double most, Label caption) {
        double padding = caption.snappedTopInset() + caption.snappedBottomInset();
        return Math.ceil(Math.max(line, Math.floor((most - padding) / line) * line) + caption.snappedTopInset());
    }

    /** What a measuring label copies from a caption: labels that agree on it measure alike. */
    private record Measure(Font font, javafx.geometry.Insets padding, double lineSpacing) {
    }

    /**
     * Measuring labels made so far, reused (JavaFX thread only): a new one, styled in a scene of its own, cost the
     * play's first frame about 4 ms of the JavaFX thread at every caption change (async-profiler). Few: a font per
     * size class and presentation scale.
     */
    private static final java.util.Map<Measure, Label> MEASURING = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Measure, Label> eldest) {
            return size() > 16;
        }
    };

    /**
     * A label measured as {@code caption} is (wrapping, padding, line spacing) in {@code font}: in a scene of its own
     * for its skin, where only the platform's stylesheet applies, which the values set here override.
     */
    private static Label likeCaption(Label caption, Font font) {
        return MEASURING.computeIfAbsent(new Measure(font, caption.getPadding(), caption.getLineSpacing()), m -> {
            Label l = new Label();
            l.setWrapText(true);
            l.setFont(m.font());
            l.setPadding(m.padding());
            l.setLineSpacing(m.lineSpacing());
            new javafx.scene.Scene(new javafx.scene.Group(l));
            l.applyCss();
            return l;
        });
    }

    private static long lines(Text probe, String text, double textLine) {
        probe.setText(text == null || text.isEmpty() ? "Xg" : text);
        return Math.max(1, Math.round(probe.getLayoutBounds().getHeight() / textLine));
    }

    /**
     * A scroll area for {@code caption}: as wide as it is given, scrolling up and down only, never taking the keys
     * (they stay the window's or the stage's). Its id and style class are {@code id}.
     */
    public static ScrollPane area(Label caption, String id) {
        ScrollPane area = new ScrollPane(caption);
        area.setId(id);
        area.getStyleClass().add(id);
        area.setFitToWidth(true);
        area.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        area.setVbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        area.setFocusTraversable(false);
        return area;
    }

    /** {@link #keepFitted(ScrollPane, Label, java.util.function.DoubleSupplier, java.util.function.DoubleSupplier,
     * java.util.function.Supplier, javafx.beans.Observable[])} for the caption's own text alone. */
    public static void keepFitted(ScrollPane area, Label caption, java.util.function.DoubleSupplier width,
                                  java.util.function.DoubleSupplier most,
                                  javafx.beans.value.ObservableValue<?>... triggers) {
        keepFitted(area, caption, width, most, java.util.List::of, triggers);
    }

    /**
     * Keeps {@code area} fitted to {@code caption} and the captions {@code others} names ({@link #fit}) at
     * {@code width}, at most {@code most} high: after the next pulse's CSS and layout whenever one of {@code triggers}
     * changes, and the caption's style classes (its font) change. A new caption is read from its start.
     */
    public static void keepFitted(ScrollPane area, Label caption, java.util.function.DoubleSupplier width,
                                  java.util.function.DoubleSupplier most,
                                  java.util.function.Supplier<java.util.List<String>> others,
                                  javafx.beans.Observable... triggers) {
        keepFitted(area, caption, width, most, others, text -> caption.getFont(), triggers);
    }

    /** As above, each of {@code others} measured in the font it is shown in ({@code fontOf}). */
    public static void keepFitted(ScrollPane area, Label caption, java.util.function.DoubleSupplier width,
                                  java.util.function.DoubleSupplier most,
                                  java.util.function.Supplier<java.util.List<String>> others,
                                  java.util.function.Function<String, Font> fontOf,
                                  javafx.beans.Observable... triggers) {
        // On screen (its styles, the theme's colours, are resolved) and shown: the stage's banner, hidden outside
        // presentation mode, is fitted when it shows (a trigger of its own).
        Runnable fit = io.ioptexplorer.app.controls.AfterLayout.coalesced(area, () -> {
            if (caption.getScene() != null && shown(area)) {
                fit(area, caption, width.getAsDouble(), most.getAsDouble(), others.get(), fontOf);
            }
        });
        caption.textProperty().addListener((o, a, b) -> {
            area.setVvalue(0);
            fit.run();
        });
        caption.getStyleClass().addListener((javafx.collections.ListChangeListener<String>) c -> fit.run());
        area.widthProperty().addListener((o, a, b) -> fit.run());
        area.sceneProperty().addListener((o, a, b) -> fit.run());
        for (javafx.beans.Observable t : triggers) {
            t.addListener(o -> fit.run());
        }
    }

    /** Whether {@code node} and every pane around it are visible. */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The height of {@code lines} lines of {@code caption}'s font with its padding. */
    public static double linesHigh(Label caption, int lines) {
        Text probe = new Text("Xg");
        probe.setFont(caption.getFont());
        return Math.ceil(lines * probe.getLayoutBounds().getHeight() * 1.05) + caption.snappedTopInset()
            + caption.snappedBottomInset();
    }
}

package io.ioptexplorer.app.stage;

import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Region;
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
     * line). Call after CSS and layout, when the caption's font is its style's.
     */
    public static void fit(ScrollPane area, Label caption, double width, double most) {
        double inner = Math.max(1, width - area.snappedLeftInset() - area.snappedRightInset());
        double whole = caption.prefHeight(inner);
        double shown = whole;
        if (whole > most) {
            // Whole lines only (a line cut in half read as a rendering fault), and at least one. The label's line
            // pitch is its height over its lines, counted with a text of its font (whose own lines are lower).
            Text probe = new Text("Xg");
            probe.setFont(caption.getFont());
            double textLine = probe.getLayoutBounds().getHeight();
            probe.setText(caption.getText());
            probe.setWrappingWidth(Math.max(1, inner - caption.snappedLeftInset() - caption.snappedRightInset()));
            double padding = caption.snappedTopInset() + caption.snappedBottomInset();
            long lines = Math.max(1, Math.round(probe.getLayoutBounds().getHeight() / textLine));
            double line = (whole - padding) / lines;
            // The top padding only: with the bottom one too, the top of the next line showed under the last.
            shown = Math.max(line, Math.floor((most - padding) / line) * line) + caption.snappedTopInset();
        }
        area.setPrefViewportHeight(shown);
        area.setMinViewportHeight(shown);
        area.setMaxHeight(Region.USE_PREF_SIZE);
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
     * javafx.beans.value.ObservableValue[])} at the area's own width. */
    public static void keepFitted(ScrollPane area, Label caption, java.util.function.DoubleSupplier most,
                                  javafx.beans.value.ObservableValue<?>... triggers) {
        keepFitted(area, caption, area::getWidth, most, triggers);
    }

    /**
     * Keeps {@code area} fitted to {@code caption} ({@link #fit}) at {@code width}, at most {@code most} high: after
     * the next pulse's CSS and layout whenever one of {@code triggers} changes, and the caption's style classes (its
     * font) change. A new caption is read from its start.
     */
    public static void keepFitted(ScrollPane area, Label caption, java.util.function.DoubleSupplier width,
                                  java.util.function.DoubleSupplier most,
                                  javafx.beans.value.ObservableValue<?>... triggers) {
        boolean[] queued = {false};
        Runnable fit = () -> {
            javafx.scene.Scene scene = area.getScene();
            if (queued[0] || scene == null) {
                return;
            }
            queued[0] = true;
            Runnable once = new Runnable() {
                @Override
                public void run() {
                    scene.removePostLayoutPulseListener(this);
                    queued[0] = false;
                    if (caption.getScene() != null) { // on screen: its styles (the theme's colours) are resolved
                        fit(area, caption, width.getAsDouble(), most.getAsDouble());
                    }
                }
            };
            scene.addPostLayoutPulseListener(once);
            javafx.application.Platform.requestNextPulse();
        };
        caption.textProperty().addListener((o, a, b) -> {
            area.setVvalue(0);
            fit.run();
        });
        caption.getStyleClass().addListener((javafx.collections.ListChangeListener<String>) c -> fit.run());
        area.widthProperty().addListener((o, a, b) -> fit.run());
        area.sceneProperty().addListener((o, a, b) -> fit.run());
        for (javafx.beans.value.ObservableValue<?> t : triggers) {
            t.addListener((o, a, b) -> fit.run());
        }
    }

    /** The height of {@code lines} lines of {@code caption}'s font with its padding. */
    public static double linesHigh(Label caption, int lines) {
        Text probe = new Text("Xg");
        probe.setFont(caption.getFont());
        return Math.ceil(lines * probe.getLayoutBounds().getHeight() * 1.05) + caption.snappedTopInset()
            + caption.snappedBottomInset();
    }
}

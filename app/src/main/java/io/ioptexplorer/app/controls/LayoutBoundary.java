package io.ioptexplorer.app.controls;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.layout.Region;

/**
 * A pane whose content lays itself out without laying out the window around it. A label whose text changes asks its
 * parents for a layout all the way to the scene's root, and the next pulse then lays out every pane of the window
 * (its split panes, tabs and tables): while a large sample played, the inspector's texts changed five times a second
 * and each change cost the JavaFX thread about 15 ms (issue 11's frame time).
 *
 * <p>The content is unmanaged, which makes it a layout root in JavaFX: its own requests lay out only itself. This pane
 * gives it its own size (and asks its parents for the content's preferred size) and, after a pulse in which the
 * content was laid out, compares the height the content now prefers with the one it preferred at the last layout:
 * only when that differs (a text wrapped to one more line, a section shown or hidden) does it ask its own parents for
 * a layout, one pulse later.
 */
public final class LayoutBoundary extends Region {
    private final Region content;
    /** Whether a change of the height the content wants is passed on to the parents (false: sized by the parent). */
    private final boolean askParents;
    /** The content asked for a layout since the last look after a pulse. */
    private boolean contentChanged;
    /** The height the content preferred when this pane last laid it out. */
    private double laidOutFor = -1;
    private final Runnable afterLayout = this::checkHeight;

    public LayoutBoundary(Region content) {
        this(content, true);
    }

    /**
     * A boundary whose size the window alone decides (a side pane, a scroll pane that fills it): whatever changes
     * inside lays out only the content, and a change of the height it wants is never passed on; it counts only when
     * the window is laid out for another reason. The inspector's height changes with the kind of event it shows
     * (issue 11: while the 64 GiB sample played, that laid out the whole window 21 times in ten seconds); inside its
     * scroll pane, which fills the side pane whatever it holds, only the scroll pane needs the new height.
     */
    public static LayoutBoundary sizedByParent(Region content) {
        return new LayoutBoundary(content, false);
    }

    private LayoutBoundary(Region content, boolean askParents) {
        this.content = content;
        this.askParents = askParents;
        content.setManaged(false);
        getChildren().add(content);
        content.needsLayoutProperty().addListener((o, was, needs) -> {
            if (needs) {
                contentChanged = true;
            }
        });
        ChangeListener<Scene> follow = (o, was, now) -> {
            if (was != null) {
                was.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        };
        sceneProperty().addListener(follow);
        follow.changed(sceneProperty(), null, getScene());
    }

    private void checkHeight() {
        if (!contentChanged || !askParents) {
            return;
        }
        contentChanged = false;
        if (Math.abs(snapSizeY(content.prefHeight(getWidth())) - laidOutFor) > 0.5) {
            requestLayout(); // this pane's height (a scroll pane's extent) follows, at the next pulse
        }
    }

    /** As the content's: wrapped texts make its height depend on the width it is given. */
    @Override
    public Orientation getContentBias() {
        return content.getContentBias();
    }

    @Override
    protected double computePrefWidth(double height) {
        return content.prefWidth(height);
    }

    @Override
    protected double computePrefHeight(double width) {
        return content.prefHeight(width);
    }

    @Override
    protected double computeMinWidth(double height) {
        return content.minWidth(height);
    }

    @Override
    protected double computeMinHeight(double width) {
        return content.minHeight(width);
    }

    @Override
    protected void layoutChildren() {
        // Exactly this pane's size: a content taller than its pane drew past it (the log's scroll bar lost its thumb
        // below the pane's edge). When the content comes to want more, checkHeight asks for it.
        laidOutFor = snapSizeY(content.prefHeight(getWidth()));
        content.resizeRelocate(0, 0, getWidth(), getHeight());
    }
}

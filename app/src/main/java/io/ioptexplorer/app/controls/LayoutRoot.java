package io.ioptexplorer.app.controls;

import javafx.scene.layout.Region;

/**
 * A pane whose size the window alone decides (a side pane, a scroll pane that fills it) and whose content is a layout
 * root: whatever changes inside lays out only the content, never the window. Where {@link LayoutBoundary} still tells
 * its parents when its content wants another height (a scroll pane's extent must follow), this pane never does: its
 * content's preferred size counts only when the window is laid out for another reason.
 *
 * <p>The inspector's height changes with the kind of event it shows (issue 11: while the 64 GiB sample played, it
 * laid out the whole window 21 times in ten seconds, each a slow frame); inside its scroll pane, which fills the side
 * pane whatever it holds, only the scroll pane needs the new height.
 */
public final class LayoutRoot extends Region {
    private final Region content;

    public LayoutRoot(Region content) {
        this.content = content;
        content.setManaged(false); // an unmanaged node is a layout root: its requests stop at it
        getChildren().add(content);
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
        content.resizeRelocate(0, 0, getWidth(), getHeight());
    }
}

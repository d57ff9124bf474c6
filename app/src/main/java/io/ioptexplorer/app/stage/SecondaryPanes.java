package io.ioptexplorer.app.stage;

/** A window whose secondary panes (toolbars, lists, headers) presentation mode hides to leave the main view large. */
public interface SecondaryPanes {
    void hideSecondaryPanes(boolean hide);
}

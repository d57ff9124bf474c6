package io.ioptexplorer.app.main;

import io.ioptexplorer.app.controls.LayoutBoundary;
import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The explorer's panes: topology and steps on the left, the main views as tabs in the centre, the inspector on the
 * right, the event log and the timeline at the bottom. Every divider can be dragged; each side pane can be hidden and
 * the centre maximised. Where the user drags a divider is remembered in the settings and wins over the defaults; until
 * then the bottom's height follows the window's ({@link BottomPaneSize}), so that a 1280x800 screen leaves the centre
 * most of its height.
 *
 * <p>Other views plug in with {@link #addTab} and {@link #addInspectorSection}.
 */
public final class ExplorerLayout {
    /** The side panes that can be hidden. */
    public enum Pane { LEFT, RIGHT, BOTTOM }

    private static final String KEY = "layout.";
    /** The side columns' divider positions, "left,right" (fractions of the width), once the user dragged one. */
    private static final String COLUMNS = KEY + "columns";
    /**
     * The bottom pane's height in pixels, once the user dragged its divider (pixels, as the pane keeps its height
     * when the window is resized). Until 2026-11-29 one key, "layout.dividers", held both splits as fractions and was
     * written by any layout pass, so every start remembered the defaults; it is no longer read.
     */
    private static final String BOTTOM_HEIGHT = KEY + "bottom-height";
    /** Padding around the event log, inside the bottom pane. */
    private static final double BOTTOM_PADDING = 6;

    private final SettingsStore settings;
    private final TabPane tabs = new TabPane();
    private final VBox inspector = new VBox(10);
    private final VBox topologyBox = new VBox();
    private final SplitPane left;
    private final Node right;
    private final SplitPane middle = new SplitPane();
    private final SplitPane outer = new SplitPane();
    private final double[] middleDividers = {0.22, 0.76};
    /** The bottom pane's height the user chose (dragged), or NaN: then it follows the window's height. */
    private double bottomHeight = Double.NaN;
    /** Where the outer divider was last placed (not dragged). */
    private double placedOuter = Double.NaN;
    private boolean placeQueued;
    /** Whether the user dragged a side divider (now or in an earlier run): then the side panes keep their pixels. */
    private boolean columnsChosen;
    private boolean middleQueued;
    private final boolean[] shown = {true, true, true};
    private final IntToDoubleFunction logHeightForLines;
    private final Region timelineStrip;

    /**
     * @param eventLog          the event log, with its own title and filter bar
     * @param logHeightForLines the event log's height when it shows that many lines
     */
    public ExplorerLayout(SettingsStore settings, Node topology, Node steps, Node eventLog,
                          IntToDoubleFunction logHeightForLines, Region timelineStrip) {
        this.settings = settings;
        this.logHeightForLines = logHeightForLines;
        this.timelineStrip = timelineStrip;
        tabs.setId("main-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // The theme's dense tabs: at 1280x800 the tab row's height is the tree's (and every view's) to keep, and more
        // tab titles fit before the overflow menu.
        tabs.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        topologyBox.getChildren().setAll(topology);
        VBox.setVgrow(topology, Priority.ALWAYS);
        left = new SplitPane(titled("Machine", topologyBox), titled("Steps", steps));
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.38);
        left.setId("left-pane");
        inspector.setId("inspector");
        inspector.setPadding(new Insets(8));
        // Its texts change while the machine plays: laid out on their own, not with the whole window (issue 11).
        // Its height changes with the kind of event shown: that lays out the scroll pane, which fills the side pane
        // whatever it holds, and not the window (LayoutBoundary.sizedByParent).
        ScrollPane inspectorScroll = new ScrollPane(new LayoutBoundary(inspector));
        inspectorScroll.setFitToWidth(true);
        right = titled("Inspector", LayoutBoundary.sizedByParent(inspectorScroll));
        right.setId("inspector-pane");
        // The log's title sits in its own filter bar: a title row of its own cost the log a line at 1280x800.
        VBox events = new VBox(eventLog);
        VBox.setVgrow(eventLog, Priority.ALWAYS);
        events.setPadding(new Insets(BOTTOM_PADDING));
        events.setMinHeight(0);
        events.setId("bottom-pane");
        bottomBox = new VBox(events, timelineStrip);
        VBox.setVgrow(events, Priority.ALWAYS);
        bottomBox.setId("bottom-box");
        middle.setId("middle-split");
        outer.setId("outer-split");
        outer.setOrientation(Orientation.VERTICAL);
        restore();
        rebuild();
        // The bottom has the height the user dragged, else the default for the window's height: re-placed when the
        // panes' height changes (the window settles after it is shown, and a divider placed at the first layout
        // would keep the size the window had then), unless the bottom has that height already (a banner in the
        // header takes its height from the centre: the log's lines stay put). After the layout pass: during it the
        // split pane keeps the bottom's old height in pixels (it does not resize with its parent).
        outer.heightProperty().addListener((o, a, b) -> {
            if (!placeQueued) {
                placeQueued = true;
                Platform.runLater(() -> {
                    placeQueued = false;
                    placeOuterDivider(false);
                });
            }
        });
        // Until the user drags a side divider, the side panes keep their default share of the width: they do not
        // resize with the window (a drag keeps its pixels), so the share they got at the first layout stuck. The
        // scene is first laid out at the size asked for (1520 wide) and then placed on a 1280 screen: the panes kept
        // 334 and 365 px, and the centre got 578 px instead of 690.
        middle.widthProperty().addListener((o, a, b) -> {
            if (!columnsChosen && !middleQueued) {
                middleQueued = true;
                Platform.runLater(() -> {
                    middleQueued = false;
                    if (!columnsChosen) {
                        applyMiddleDividers();
                    }
                });
            }
        });
        // Remember a divider where the user leaves it, and only then: layout passes move dividers too.
        afterDividerDrag(middle, this::rememberColumns);
        afterDividerDrag(outer, this::rememberBottom);
    }

    /** Runs {@code then} when the mouse is released after a press on one of {@code split}'s own dividers. */
    public static void afterDividerDrag(SplitPane split, Runnable then) {
        boolean[] onDivider = {false};
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            Node n = e.getPickResult().getIntersectedNode();
            while (n != null && n != split && !(n.getStyleClass().contains("split-pane-divider")
                    && n.getParent() == split)) {
                n = n.getParent();
            }
            onDivider[0] = n != null && n != split;
        });
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (onDivider[0]) {
                onDivider[0] = false;
                then.run();
            }
        });
    }

    private final VBox bottomBox;

    /** The root node to place in the window. */
    public Region root() {
        return outer;
    }

    /** Adds a main view as a tab of the centre; returns the tab (select it, listen to it). */
    public Tab addTab(String id, String title, Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        tabs.getTabs().add(t);
        return t;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** Adds a titled section to the inspector on the right; returns it (to show it only with its tab). */
    public Node addInspectorSection(String title, Node content) {
        Label l = new Label(title);
        l.getStyleClass().add("pane-title");
        VBox section = new VBox(4, l, content);
        inspector.getChildren().add(section);
        return section;
    }

    /** Replaces the machine list on the left (for example by a drawn topology). */
    public void setTopologyView(Node topology) {
        topologyBox.getChildren().setAll(topology);
        VBox.setVgrow(topology, Priority.ALWAYS);
    }

    public boolean isShown(Pane p) {
        return shown[p.ordinal()];
    }

    /** Shows or hides a side pane; the centre takes the room. The choice is remembered. */
    public void setShown(Pane p, boolean show) {
        setShown(p, show, true);
    }

    /**
     * Shows or hides a side pane for a while (presentation mode) without remembering it: quitting meanwhile keeps
     * the normal layout's setting.
     */
    public void setShownForNow(Pane p, boolean show) {
        setShown(p, show, false);
    }

    private void setShown(Pane p, boolean show, boolean remembered) {
        if (shown[p.ordinal()] == show) {
            return;
        }
        remember();
        shown[p.ordinal()] = show;
        if (remembered) {
            settings.put(KEY + p.name().toLowerCase(Locale.ROOT), Boolean.toString(show));
        }
        rebuild();
    }

    /** Maximise the centre (hide every side pane), or bring them all back. */
    public void toggleMaximised() {
        boolean anyShown = shown[0] || shown[1] || shown[2];
        for (Pane p : Pane.values()) {
            setShown(p, !anyShown);
        }
    }

    private void rebuild() {
        middle.getItems().clear();
        if (shown[Pane.LEFT.ordinal()]) {
            middle.getItems().add(left);
        }
        middle.getItems().add(tabs);
        if (shown[Pane.RIGHT.ordinal()]) {
            middle.getItems().add(right);
        }
        outer.getItems().clear();
        outer.getItems().add(middle);
        if (shown[Pane.BOTTOM.ordinal()]) {
            outer.getItems().add(bottomBox);
        }
        applyDividers();
    }

    private void applyDividers() {
        applyMiddleDividers();
        placeOuterDivider(true);
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        SplitPane.setResizableWithParent(bottomBox, false);
    }

    private void applyMiddleDividers() {
        boolean l = shown[Pane.LEFT.ordinal()];
        boolean r = shown[Pane.RIGHT.ordinal()];
        if (l && r) {
            middle.setDividerPositions(middleDividers[0], middleDividers[1]);
        } else if (l) {
            middle.setDividerPositions(middleDividers[0]);
        } else if (r) {
            middle.setDividerPositions(middleDividers[1]);
        }
    }

    /** Reads the divider positions back from where they are now (before a pane disappears). */
    private void remember() {
        boolean l = shown[Pane.LEFT.ordinal()];
        boolean r = shown[Pane.RIGHT.ordinal()];
        double[] d = middle.getDividerPositions();
        if (l && r && d.length == 2) {
            middleDividers[0] = d[0];
            middleDividers[1] = d[1];
        } else if (l && d.length == 1) {
            middleDividers[0] = d[0];
        } else if (r && d.length == 1) {
            middleDividers[1] = d[0];
        }
    }

    /** Gives the bottom its height (dragged, else the default); unless {@code always}, only if it has not got it. */
    private void placeOuterDivider(boolean always) {
        if (!shown[Pane.BOTTOM.ordinal()]) {
            return;
        }
        double wanted = Double.isNaN(bottomHeight) ? defaultBottomHeight() : bottomHeight;
        double has = bottomBox.getHeight();
        if (!always && has >= wanted - 0.5 && has <= wanted + dividerWidth() + 0.5) {
            return;
        }
        placedOuter = BottomPaneSize.dividerFor(outer.getHeight(), wanted, dividerWidth());
        outer.setDividerPositions(placedOuter);
    }

    /**
     * The bottom's height when the user has not dragged it: its strip and the log's lines for the window's height
     * ({@link BottomPaneSize}); the centre the rest.
     */
    private double defaultBottomHeight() {
        double window = outer.getScene() != null ? outer.getScene().getHeight() : outer.getHeight();
        double chrome = 2 * BOTTOM_PADDING + logHeightForLines.applyAsDouble(0) + timelineStrip.prefHeight(-1);
        double line = logHeightForLines.applyAsDouble(1) - logHeightForLines.applyAsDouble(0);
        return chrome + BottomPaneSize.lines(window, chrome, line) * line;
    }

    /**
     * The outer divider's thickness, as laid out (4 px in the AtlantaFX theme); before its first layout, a bound
     * on it (its preferred size reads 0 until then).
     */
    private double dividerWidth() {
        for (Node n : outer.getChildrenUnmodifiable()) {
            if (n instanceof Region r && n.getStyleClass().contains("split-pane-divider") && r.getHeight() > 0) {
                return r.getHeight();
            }
        }
        return 8;
    }

    private void rememberColumns() {
        columnsChosen = true;
        remember();
        settings.put(COLUMNS, String.format(Locale.ROOT, "%.4f,%.4f", middleDividers[0], middleDividers[1]));
    }

    /** After a drag of the outer divider: if it moved from where it was placed, the bottom keeps that height. */
    private void rememberBottom() {
        double[] d = outer.getDividerPositions();
        double h = outer.getHeight();
        if (!shown[Pane.BOTTOM.ordinal()] || d.length != 1 || h <= 0 || Math.abs(d[0] - placedOuter) < 1e-4) {
            return;
        }
        placedOuter = d[0];
        bottomHeight = BottomPaneSize.heightFor(h, d[0], dividerWidth());
        settings.put(BOTTOM_HEIGHT, String.format(Locale.ROOT, "%.1f", bottomHeight));
    }

    private void restore() {
        settings.get(COLUMNS).ifPresent(v -> {
            String[] p = v.split(",");
            try {
                if (p.length == 2) {
                    double a = Double.parseDouble(p[0]);
                    double b = Double.parseDouble(p[1]);
                    if (0 < a && a < b && b < 1) {
                        middleDividers[0] = a;
                        middleDividers[1] = b;
                        columnsChosen = true;
                    }
                }
            } catch (NumberFormatException ignored) {
                // a damaged setting: keep the defaults
            }
        });
        settings.get(BOTTOM_HEIGHT).ifPresent(v -> {
            try {
                double h = Double.parseDouble(v);
                if (h > 0) {
                    bottomHeight = h;
                }
            } catch (NumberFormatException ignored) {
                // a damaged setting: the bottom follows the window
            }
        });
        for (Pane p : Pane.values()) {
            settings.get(KEY + p.name().toLowerCase(Locale.ROOT)).ifPresent(v -> shown[p.ordinal()] =
                    !v.equals("false"));
        }
    }

    private static VBox titled(String name, Node content) {
        Label l = new Label(name);
        l.getStyleClass().add("pane-title");
        VBox box = new VBox(4, l, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        box.setMinSize(0, 0);
        return box;
    }
}

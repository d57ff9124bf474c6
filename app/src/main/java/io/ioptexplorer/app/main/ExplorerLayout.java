package io.ioptexplorer.app.main;

import io.ioptexplorer.viewmodel.settings.SettingsStore;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The explorer's panes: topology and steps on the left, the main views as tabs in the centre, the inspector on the
 * right, the event log and the timeline at the bottom. Every divider can be dragged; each side pane can be hidden and
 * the centre maximised; the divider positions are remembered in the settings.
 *
 * <p>Other views plug in with {@link #addTab} and {@link #addInspectorSection}.
 */
public final class ExplorerLayout {
    /** The side panes that can be hidden. */
    public enum Pane { LEFT, RIGHT, BOTTOM }

    private static final String KEY = "layout.";

    private final SettingsStore settings;
    private final TabPane tabs = new TabPane();
    private final VBox inspector = new VBox(10);
    private final VBox topologyBox = new VBox();
    private final SplitPane left;
    private final Node right;
    private final SplitPane bottom;
    private final SplitPane middle = new SplitPane();
    private final SplitPane outer = new SplitPane();
    private final double[] middleDividers = {0.22, 0.76};
    private double outerDivider = 0.64;
    private final boolean[] shown = {true, true, true};

    public ExplorerLayout(SettingsStore settings, Node topology, Node steps, Node eventLog, Node timelineStrip) {
        this.settings = settings;
        tabs.setId("main-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        topologyBox.getChildren().setAll(topology);
        VBox.setVgrow(topology, Priority.ALWAYS);
        left = new SplitPane(titled("Machine", topologyBox), titled("Steps", steps));
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.38);
        left.setId("left-pane");
        inspector.setId("inspector");
        inspector.setPadding(new Insets(8));
        ScrollPane inspectorScroll = new ScrollPane(inspector);
        inspectorScroll.setFitToWidth(true);
        right = titled("Inspector", inspectorScroll);
        right.setId("inspector-pane");
        bottom = new SplitPane(titled("Events", eventLog));
        bottom.setOrientation(Orientation.VERTICAL);
        bottom.setId("bottom-pane");
        VBox bottomBox = new VBox(bottom, timelineStrip);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        bottomBox.setId("bottom-box");
        this.bottomBox = bottomBox;
        middle.setId("middle-split");
        outer.setId("outer-split");
        outer.setOrientation(Orientation.VERTICAL);
        restore();
        rebuild();
        // Remember where the user puts the dividers.
        middle.getDividers().addListener((javafx.collections.ListChangeListener<SplitPane.Divider>) c -> watch());
        outer.getDividers().addListener((javafx.collections.ListChangeListener<SplitPane.Divider>) c -> watch());
        watch();
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
        boolean l = shown[Pane.LEFT.ordinal()];
        boolean r = shown[Pane.RIGHT.ordinal()];
        if (l && r) {
            middle.setDividerPositions(middleDividers[0], middleDividers[1]);
        } else if (l) {
            middle.setDividerPositions(middleDividers[0]);
        } else if (r) {
            middle.setDividerPositions(middleDividers[1]);
        }
        if (shown[Pane.BOTTOM.ordinal()]) {
            outer.setDividerPositions(outerDivider);
        }
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        SplitPane.setResizableWithParent(bottomBox, false);
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
        if (shown[Pane.BOTTOM.ordinal()] && outer.getDividerPositions().length == 1) {
            outerDivider = outer.getDividerPositions()[0];
        }
    }

    private void watch() {
        for (SplitPane.Divider d : middle.getDividers()) {
            d.positionProperty().addListener((o, a, b) -> save());
        }
        for (SplitPane.Divider d : outer.getDividers()) {
            d.positionProperty().addListener((o, a, b) -> save());
        }
    }

    private void save() {
        remember();
        settings.put(KEY + "dividers", String.format(Locale.ROOT, "%.4f,%.4f,%.4f", middleDividers[0],
                middleDividers[1], outerDivider));
    }

    private void restore() {
        settings.get(KEY + "dividers").ifPresent(v -> {
            String[] p = v.split(",");
            try {
                if (p.length == 3) {
                    double a = Double.parseDouble(p[0]);
                    double b = Double.parseDouble(p[1]);
                    double c = Double.parseDouble(p[2]);
                    if (0 < a && a < b && b < 1 && 0 < c && c < 1) {
                        middleDividers[0] = a;
                        middleDividers[1] = b;
                        outerDivider = c;
                    }
                }
            } catch (NumberFormatException ignored) {
                // a damaged setting: keep the defaults
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

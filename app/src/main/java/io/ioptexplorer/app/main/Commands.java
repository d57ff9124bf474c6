package io.ioptexplorer.app.main;

import io.ioptexplorer.hardware.bitmap.IovaMath;
import io.ioptexplorer.app.samples.SampleCatalog;
import io.ioptexplorer.hardware.timeline.BreakpointClass;
import io.ioptexplorer.viewmodel.live.Breakpoints;
import io.ioptexplorer.viewmodel.live.LiveSession;
import io.ioptexplorer.viewmodel.live.Speed;
import io.ioptexplorer.viewmodel.main.MainWindowViewModel;
import io.ioptexplorer.viewmodel.scenario.ScenarioViewModel;
import io.ioptexplorer.viewmodel.stage.StoryViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;

/**
 * Every command of the window, once: each becomes a toolbar button with its icon, a menu entry and its keys, and a
 * line of Help.
 */
public final class Commands {
    /** Play speeds the slider and the [ ] keys step through (events per second; the last is full speed). */
    static final double[] SPEEDS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 5_000, 20_000, 100_000, 1_000_000, 0};
    /**
     * The same slider positions when play is paced by simulated time (simulated nanoseconds per second of wall time;
     * the last is full speed). A migration lasts about a simulated second and emits hundreds of thousands of events,
     * so a talk about rounds wants this pacing, and one about a single walk wants events.
     */
    static final double[] SIM_SPEEDS = {1_000, 10_000, 100_000, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9,
        1e10, 0};

    private final MainWindowView window;
    private final ScenarioViewModel scenario;
    private final LiveSession session;
    private final MainWindowViewModel main;
    private final ExplorerLayout layout;
    private final Map<String, ExplorerCommand> byId = new LinkedHashMap<>();
    private final Map<String, Button> buttons = new LinkedHashMap<>();
    /** Keys another part handles itself (the presenter's keys), listed in Help from that part's own list. */
    private final Map<String, String> described = new LinkedHashMap<>();
    private final Slider speed = new Slider(0, SPEEDS.length - 1, 7);
    /** Whether play is paced by simulated time rather than by events. */
    private final javafx.beans.property.BooleanProperty simPacing =
            new javafx.beans.property.SimpleBooleanProperty(this, "simPacing", false);

    Commands(MainWindowView window, ScenarioViewModel scenario, MainWindowViewModel main, ExplorerLayout layout,
             StoryViewModel story) {
        this.window = window;
        this.scenario = scenario;
        this.session = scenario.session();
        this.main = main;
        this.layout = layout;
        var busy = scenario.busyProperty();
        var inside = scenario.insideStepProperty();
        BooleanBinding atEnd = Bindings.createBooleanBinding(() -> !inside.get()
                && scenario.nextStepProperty().get() >= scenario.steps().size(), inside, scenario.nextStepProperty(),
                scenario.steps());
        BooleanBinding atStart = Bindings.createBooleanBinding(() -> !inside.get()
                && scenario.nextStepProperty().get() == 0, inside, scenario.nextStepProperty());
        BooleanBinding cannotRun = busy.or(atEnd);
        BooleanBinding cannotGoBack = busy.or(atStart);

        add("open-button", "Open…", MaterialDesignF.FOLDER_OPEN_OUTLINE, "Open a topology file",
                keys(KeyCode.O, KeyCombination.SHORTCUT_DOWN), window::openFile, null);
        add("reset-button", "", MaterialDesignR.RESTART, "Back to before the first step (replay, same seed)",
                keys(KeyCode.R, KeyCombination.SHORTCUT_DOWN), scenario::reset, busy);
        add("back-button", "Back", MaterialDesignS.STEP_BACKWARD,
                "One step back: replays the run from its start with the same seed",
                List.of(key(KeyCode.LEFT), key(KeyCode.PAGE_UP)), scenario::stepBack, cannotGoBack);
        add("event-back-button", "", MaterialDesignS.SKIP_PREVIOUS, "One event back (replay)",
                keys(KeyCode.F7, KeyCombination.SHIFT_DOWN), session::eventBack, cannotGoBack);
        add("step-button", "Step", MaterialDesignD.DEBUG_STEP_OVER,
                "Step over: run the next step whole (a presenter's clicker sends PageDown)",
                List.of(key(KeyCode.RIGHT), key(KeyCode.PAGE_DOWN)), scenario::stepForward, cannotRun);
        add("step-into-button", "Into", MaterialDesignD.DEBUG_STEP_INTO,
                "Step into: the next event (a DMA write's IOTLB lookup, each walk level, the A/D update)",
                List.of(key(KeyCode.F7)), session::stepInto, cannotRun);
        add("step-out-button", "Out", MaterialDesignD.DEBUG_STEP_OUT, "Step out: to the end of the current step",
                List.of(key(KeyCode.F8)), session::stepOut, busy.or(inside.not()));
        add("phase-button", "", MaterialDesignS.SKIP_NEXT,
                "Run to the next migration phase (setup, each pre-copy round, stop-and-copy, resume, verification)",
                List.of(key(KeyCode.F6)), session::runToNextPhase, cannotRun);
        add("play-button", "Play", MaterialDesignP.PLAY_PAUSE, "Play or pause at the chosen speed",
                List.of(key(KeyCode.SPACE)), this::togglePlay, atEnd.and(busy.not()));
        add("run-button", "Run all", MaterialDesignF.FAST_FORWARD, "Run to the end (stops at breakpoints)",
                List.of(key(KeyCode.F5)), scenario::runToEnd, cannotRun);
        add("focus-back-button", "", MaterialDesignA.ARROW_LEFT, "Back to the previous focus (moment and selection)",
                keys(KeyCode.LEFT, KeyCombination.ALT_DOWN), scenario.focus()::back,
                scenario.focus().canGoBackProperty().not());
        add("focus-forward-button", "", MaterialDesignA.ARROW_RIGHT, "Forward again to the next focus",
                keys(KeyCode.RIGHT, KeyCombination.ALT_DOWN), scenario.focus()::forward,
                scenario.focus().canGoForwardProperty().not());
        add("slower-button", "", MaterialDesignS.SPEEDOMETER_SLOW, "Play slower",
                List.of(key(KeyCode.OPEN_BRACKET), key(KeyCode.MINUS)), () -> nudgeSpeed(-1), null);
        add("faster-button", "", MaterialDesignS.SPEEDOMETER, "Play faster",
                List.of(key(KeyCode.CLOSE_BRACKET), key(KeyCode.EQUALS)), () -> nudgeSpeed(1), null);
        add("pace-button", "", MaterialDesignC.CLOCK_OUTLINE,
                "Pace play by events or by simulated time (the slider keeps its position)",
                keys(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> simPacing.set(!simPacing.get()), null);
        add("maximise-button", "", MaterialDesignF.FULLSCREEN, "Maximise the centre (hide the side panes) or restore",
                keys(KeyCode.M, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), layout::toggleMaximised,
                null);
        add("theme-button", "", MaterialDesignT.THEME_LIGHT_DARK, "Switch between the light and dark theme",
                keys(KeyCode.L, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), main::toggleTheme, null);
        add("story-button", "", MaterialDesignV.VIEW_GRID_OUTLINE,
                "Show one step (the current round) or the whole story (every round of the migration at once)",
                List.of(key(KeyCode.W)), story::toggle, null);
        add("about-button", "", MaterialDesignH.HELP_CIRCLE_OUTLINE, "Help: every command and its keys",
                List.of(key(KeyCode.F1)), window::showHelp, null);

        speed.setId("speed-slider");
        speed.setMajorTickUnit(1);
        speed.setMinorTickCount(0);
        speed.setSnapToTicks(true);
        speed.setBlockIncrement(1);
        speed.setPrefWidth(110);
        speed.setFocusTraversable(false);
        speed.valueProperty().addListener((o, a, b) -> applySpeed());
        simPacing.addListener((o, a, b) -> applySpeed());
        applySpeed();
        // The play button shows what a press does now.
        buttons.get("play-button").textProperty().bind(Bindings.when(busy).then("Pause").otherwise("Play"));
        wideEnoughFor(buttons.get("play-button"), "Play", "Pause");
    }

    /**
     * Keeps {@code b} as wide as its widest label whatever it shows, in its current font: when Play became Pause the
     * buttons after it moved (under the pointer that aimed at one of them), and every one of them was drawn again
     * in the play's first frame (issue 11's frame time; {@code DirtyNodes} in benchmarks/ showed them). Measured
     * after a pulse's CSS and layout, when the icon and the font are their style's.
     */
    private static void wideEnoughFor(Button b, String... labels) {
        Runnable fit = () -> {
            if (b.getSkin() == null) {
                return;
            }
            javafx.scene.text.Text probe = new javafx.scene.text.Text();
            probe.setFont(b.getFont());
            java.util.function.ToDoubleFunction<String> width = t -> {
                probe.setText(t);
                return probe.getLayoutBounds().getWidth();
            };
            double widest = 0;
            for (String l : labels) {
                widest = Math.max(widest, width.applyAsDouble(l));
            }
            b.setPrefWidth(Region.USE_COMPUTED_SIZE);
            b.setPrefWidth(Math.ceil(b.prefWidth(-1) - width.applyAsDouble(b.getText()) + widest) + 1);
        };
        Runnable afterLayout = io.ioptexplorer.app.controls.AfterLayout.coalesced(b, fit);
        b.sceneProperty().addListener(o -> afterLayout.run());
        b.skinProperty().addListener(o -> afterLayout.run());
        b.fontProperty().addListener(o -> afterLayout.run());
        b.getGraphic().layoutBoundsProperty().addListener(o -> afterLayout.run());
    }

    public Button button(String id) {
        return buttons.get(id);
    }

    public ExplorerCommand command(String id) {
        return byId.get(id);
    }

    public Slider speedSlider() {
        return speed;
    }

    private void togglePlay() {
        if (scenario.busyProperty().get()) {
            session.pause();
        } else {
            session.play();
        }
    }

    private void nudgeSpeed(int by) {
        speed.setValue(Math.max(0, Math.min(SPEEDS.length - 1, Math.round(speed.getValue()) + by)));
    }

    private void applySpeed() {
        int at = (int) Math.round(speed.getValue());
        double v = simPacing.get() ? SIM_SPEEDS[at] : SPEEDS[at];
        session.setSpeed(v == 0 ? Speed.UNLIMITED
                : simPacing.get() ? Speed.simNsPerSecond(v) : Speed.eventsPerSecond(v));
        speed.setTooltip(new Tooltip("Play speed: " + session.speedProperty().get().label()
                + " (" + command("slower-button").keyText() + " slower, " + command("faster-button").keyText()
                + " faster)"));
    }

    private void add(String id, String label, Ikon icon, String help, List<KeyCombination> keys, Runnable action,
                     javafx.beans.value.ObservableBooleanValue disabled) {
        ExplorerCommand c = new ExplorerCommand(id, label, icon, help, keys, action, disabled);
        byId.put(id, c);
        FontIcon graphic = new FontIcon(icon);
        graphic.setIconSize(20);
        Button b = new Button(label, graphic);
        b.setId(id);
        String tip = help + (keys.isEmpty() ? "" : " (" + c.keyText() + ")");
        b.setTooltip(new Tooltip(tip));
        b.setAccessibleText(tip);
        b.setOnAction(e -> c.runIfEnabled());
        if (!label.isEmpty()) {
            // Never cut to "St…" or "I…": when the bar is short of width (playing at 1280 px, "Pause" and "full speed"
            // are wider), its last buttons move to the overflow menu instead.
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        if (disabled != null) {
            b.disableProperty().bind(Bindings.createBooleanBinding(disabled::get, disabled));
        }
        buttons.put(id, b);
    }

    ToolBar toolBar() {
        Label speedLabel = new Label();
        speedLabel.setId("speed-label");
        speedLabel.textProperty().bind(session.speedProperty().map(Speed::label));
        speedLabel.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        MenuButton samples = new MenuButton("Samples", icon(MaterialDesignB.BOOKSHELF));
        samples.setId("samples-button");
        samples.setTooltip(new Tooltip("Open one of the bundled sample topologies"));
        samples.getItems().addAll(sampleItems());
        samples.setMinWidth(Region.USE_PREF_SIZE);
        // Open is the folder icon alone on the bar (its tooltip and File > Open say the rest): at 1280 px its label
        // cost the transport buttons theirs.
        b("open-button").setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        ToolBar bar = new ToolBar(b("open-button"), samples, new Separator(Orientation.VERTICAL),
                b("reset-button"), b("back-button"), b("event-back-button"), b("step-button"), b("step-into-button"),
                b("step-out-button"), b("phase-button"), b("play-button"), b("run-button"),
                new Separator(Orientation.VERTICAL), b("slower-button"), speed, b("faster-button"), speedLabel,
                b("pace-button"),
                new Separator(Orientation.VERTICAL), b("focus-back-button"), b("focus-forward-button"), gap,
                b("maximise-button"), b("story-button"), b("theme-button"), b("about-button"));
        bar.setId("main-toolbar");
        return bar;
    }

    private Button b(String id) {
        return buttons.get(id);
    }

    private List<MenuItem> sampleItems() {
        List<MenuItem> items = new ArrayList<>();
        for (String name : SampleCatalog.names()) {
            MenuItem item = new MenuItem(name);
            item.setOnAction(e -> window.openSample(name));
            items.add(item);
        }
        return items;
    }

    MenuBar menuBar(RecentFiles recent) {
        Menu file = new Menu("File");
        Menu recentMenu = new Menu("Open recent");
        recentMenu.setId("recent-menu");
        recentMenu.setOnShowing(e -> fillRecent(recentMenu, recent));
        fillRecent(recentMenu, recent);
        Menu samples = new Menu("Sample gallery");
        samples.getItems().addAll(sampleItems());
        file.getItems().addAll(item("open-button"), recentMenu, samples, new SeparatorMenuItem(),
                item("theme-button"));

        Menu run = new Menu("Run");
        for (String id : List.of("step-button", "step-into-button", "step-out-button", "phase-button",
                "play-button", "run-button")) {
            run.getItems().add(item(id));
        }
        run.getItems().add(new SeparatorMenuItem());
        for (String id : List.of("back-button", "event-back-button", "reset-button")) {
            run.getItems().add(item(id));
        }
        run.getItems().addAll(new SeparatorMenuItem(), item("slower-button"), item("faster-button"),
                item("pace-button"),
                new SeparatorMenuItem(), item("focus-back-button"), item("focus-forward-button"));

        Menu breaks = new Menu("Breakpoints");
        breaks.setId("breakpoints-menu");
        for (BreakpointClass c : BreakpointClass.values()) {
            if (c == BreakpointClass.OTHER) {
                continue;
            }
            CheckMenuItem ci = new CheckMenuItem("Stop on " + c.id());
            ci.setId("break-" + c.id());
            ci.selectedProperty().addListener((o, a, on) -> session.setBreakpoints(
                    session.breakpointsProperty().get().with(c, on)));
            breaks.getItems().add(ci);
        }
        MenuItem range = new MenuItem("Stop on an IOVA range…");
        range.setId("break-iova");
        range.setOnAction(e -> askIovaRange());
        MenuItem clear = new MenuItem("Clear every breakpoint");
        clear.setOnAction(e -> {
            breaks.getItems().forEach(i -> {
                if (i instanceof CheckMenuItem ci) {
                    ci.setSelected(false);
                }
            });
            session.setBreakpoints(Breakpoints.NONE);
        });
        breaks.getItems().addAll(new SeparatorMenuItem(), range, clear);

        Menu view = new Menu("View");
        for (ExplorerLayout.Pane p : ExplorerLayout.Pane.values()) {
            CheckMenuItem ci = new CheckMenuItem(switch (p) {
                case LEFT -> "Machine and steps (left)";
                case RIGHT -> "Inspector (right)";
                case BOTTOM -> "Event log and timeline (bottom)";
            });
            ci.setId("show-" + p.name().toLowerCase(Locale.ROOT));
            ci.setSelected(layout.isShown(p));
            ci.selectedProperty().addListener((o, a, on) -> layout.setShown(p, on));
            view.setOnShowing(e -> view.getItems().forEach(i -> {
                if (i instanceof CheckMenuItem c2 && c2.getId() != null && c2.getId().startsWith("show-")) {
                    c2.setSelected(layout.isShown(ExplorerLayout.Pane.valueOf(
                            c2.getId().substring(5).toUpperCase(Locale.ROOT))));
                }
            }));
            view.getItems().add(ci);
        }
        view.getItems().addAll(new SeparatorMenuItem(), item("maximise-button"), item("story-button"));

        Menu help = new Menu("Help");
        help.getItems().add(item("about-button"));
        MenuBar bar = new MenuBar(file, run, breaks, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    private void fillRecent(Menu menu, RecentFiles recent) {
        menu.getItems().clear();
        for (Path p : recent.paths()) {
            MenuItem i = new MenuItem(p.toString());
            i.setOnAction(e -> window.openPath(p));
            menu.getItems().add(i);
        }
        if (menu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(no file opened yet)");
            none.setDisable(true);
            menu.getItems().add(none);
        }
    }

    private void askIovaRange() {
        TextInputDialog d = new TextInputDialog("0x100000+4KiB");
        d.setTitle("Breakpoint on an IOVA range");
        d.setHeaderText("Stop on any event that touches an IOVA range.\nWrite start+length (0x200000+2MiB) or "
                + "start-end (0x200000-0x400000).");
        d.showAndWait().ifPresent(text -> {
            try {
                Breakpoints.IovaRange r = IovaRangeText.parse(text);
                session.setBreakpoints(session.breakpointsProperty().get().withRanges(List.of(r)));
                main.statusMessageProperty().set("Breakpoint on IOVA " + IovaMath.hex(r.start())
                        + "+" + IovaMath.hex(r.length()));
            } catch (IllegalArgumentException ex) {
                main.statusMessageProperty().set("Breakpoint not set: " + ex.getMessage());
            }
        });
    }

    private MenuItem item(String id) {
        ExplorerCommand c = byId.get(id);
        MenuItem i = new MenuItem(c.help(), icon(c.icon()));
        i.setId("menu-" + id);
        if (!c.keys().isEmpty()) {
            i.setAccelerator(null); // keys are handled by the scene filter; the menu only shows them
            i.setText(i.getText() + "\t" + c.keyText());
        }
        i.setOnAction(e -> c.runIfEnabled());
        if (c.disabled() != null) {
            i.disableProperty().bind(Bindings.createBooleanBinding(c.disabled()::get, c.disabled()));
        }
        return i;
    }

    private static FontIcon icon(Ikon ikon) {
        FontIcon i = new FontIcon(ikon);
        i.setIconSize(18);
        return i;
    }

    /**
     * Adds another part's command (export, compare, find): its keys work wherever the focus is, as every command's,
     * and Help lists them. Its menu entry is that part's own.
     */
    public void register(String id, String help, KeyCombination keys, Runnable action) {
        byId.put(id, new ExplorerCommand(id, "", null, help, List.of(keys), action, null));
    }

    /** Lists in Help keys that another part handles itself, from that part's own list. */
    public void describe(String keys, String help) {
        described.put(keys, help);
    }

    /** One filter for every command's keys, so a list or a slider with the focus does not swallow the arrows. */
    void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            // A text field keeps the keys it edits with; function keys and PageUp/PageDown edit nothing, so F7 or
            // the clicker still step after a find (Ctrl+F leaves the keyboard in the find field).
            if (e.getTarget() instanceof TextInputControl && !e.getCode().isFunctionKey()
                    && e.getCode() != KeyCode.PAGE_UP && e.getCode() != KeyCode.PAGE_DOWN) {
                return;
            }
            for (ExplorerCommand c : byId.values()) {
                for (KeyCombination k : c.keys()) {
                    if (k.match(e)) {
                        c.runIfEnabled();
                        e.consume();
                        return;
                    }
                }
            }
        });
    }

    /** Help's list: every command, its keys, what it does. */
    String shortcutTable() {
        StringBuilder b = new StringBuilder();
        for (ExplorerCommand c : byId.values()) {
            b.append(String.format("%-22s %s%n", c.keyText(), c.help()));
        }
        described.forEach((keys, help) -> b.append(String.format("%-22s %s%n", keys, help)));
        b.append(String.format("%-22s %s%n", "click a log line", "go to that moment (replays when it is earlier)"));
        b.append(String.format("%-22s %s%n", "drag the timeline", "scrub: the machine follows the cursor"));
        b.append(String.format("%-22s %s%n", "drop a file", "open that topology"));
        return b.toString();
    }

    private static KeyCombination key(KeyCode code) {
        return new KeyCodeCombination(code);
    }

    private static List<KeyCombination> keys(KeyCode code, KeyCombination.Modifier... mods) {
        return List.of(new KeyCodeCombination(code, mods));
    }
}

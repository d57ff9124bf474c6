package io.ioptexplorer.app.stage;

import io.ioptexplorer.hardware.tour.TourCues;
import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.stage.StageTheme;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Presentation mode on a window: full screen, secondary panes hidden, the tour caption as a large banner with the
 * next one small in a corner, everything at the presentation scale, an optional high-contrast theme, a blank
 * screen, and the "G then a number" prompt. It wraps the window's content in its own root; the clicker keys are in
 * {@link ClickerKeys}.
 */
public final class PresentationMode {
    private final Stage stage;
    private final Scene scene;
    private final SecondaryPanes panes;
    private final PresentationViewModel vm;
    private final Runnable restoreWindowTheme;
    private final StackPane root = new StackPane();
    private final VBox banner;
    private final ContextMenu cueMenu = new ContextMenu();
    private String scaledSheet;

    /**
     * @param restoreWindowTheme re-applies the window's own theme when a high-contrast one is switched off
     */
    public PresentationMode(Stage stage, Scene scene, SecondaryPanes panes, PresentationViewModel vm,
            Runnable restoreWindowTheme) {
        this.stage = stage;
        this.scene = scene;
        this.panes = panes;
        this.vm = vm;
        this.restoreWindowTheme = restoreWindowTheme;
        Parent content = scene.getRoot();
        banner = banner();
        BorderPane frame = new BorderPane(content);
        frame.setTop(banner);
        // The next caption under the views, at the right: laid over them it covered the IOVA map's legend at 2x.
        frame.setBottom(nextCaption());
        root.getChildren().addAll(frame, gotoPrompt(), blank());
        root.setId("stage-root");
        scene.setRoot(root);
        scene.getStylesheets().add(StageStyles.PRESENTATION);

        vm.presentingProperty().addListener((o, a, on) -> apply(on));
        vm.effectiveScale().addListener((o, a, s) -> applyScale(s.doubleValue()));
        vm.themeProperty().addListener((o, a, t) -> applyTheme());
        StageScale.property().bind(vm.effectiveScale());
        stage.setFullScreenExitHint("");
        // Esc is ours (ClickerKeys): closing the cue list with Esc must not also drop out of full screen.
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        // Should the platform still leave full screen, leave presentation mode with it so the two never disagree.
        stage.fullScreenProperty().addListener((o, a, full) -> {
            if (!full && vm.isPresenting() && stage.isShowing() && stage.getScene() == scene) {
                vm.togglePresenting();
            }
        });
        applyScale(vm.effectiveScale().get());
    }

    private VBox banner() {
        Label caption = new Label();
        caption.setId("stage-banner-caption");
        caption.getStyleClass().add("stage-banner-caption");
        caption.setWrapText(true);
        // Only while presenting: the hidden banner, laid out 35 px wide and thousands high, took every step's caption
        // and the window was drawn whole at every step of a play (issue 11's frame time).
        caption.textProperty().bind(Bindings.when(vm.presentingProperty()).then(vm.banner()).otherwise(""));
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {caption.textProperty(), root.widthProperty(),
                StageScale.property()}) {
            o.addListener(x -> markLong(caption));
        }
        caption.setMinHeight(Region.USE_PREF_SIZE);
        // The caption in an area at most its share of the screen's height (CaptionArea): a migration's story at 2x
        // on a 1280x800 screen filled more than half of it. Beyond that it scrolls, with the scroll bar in view.
        ScrollPane area = CaptionScroll.area(caption, "stage-banner-caption-area");
        Label progress = new Label();
        progress.setId("stage-progress");
        progress.getStyleClass().add("stage-banner-progress");
        // Wraps rather than losing its end ("F11: leave") on a narrow screen at a large scale; each key with its
        // action on one line (no-break spaces inside a hint, plain ones between hints).
        progress.setWrapText(true);
        progress.setMinHeight(Region.USE_PREF_SIZE);
        // Only while presenting, as the caption: hidden, it was laid out 13 px wide and 798 high, and its text changing
        // at every step made Prism draw that whole column, merged with the step list and log into the whole window
        // at the start of each play (issue 11's frame time; FrameTimeHarness -Dframes.dirty showed it).
        progress.textProperty().bind(Bindings.when(vm.presentingProperty()).then(Bindings.concat(vm.progress(),
                "  ·  →\u00a0next  ←\u00a0back  G\u00a0n\u00a0Enter:\u00a0go\u00a0to\u00a0step\u00a0n  "
                + "C:\u00a0cues  B:\u00a0blank  F11:\u00a0leave")).otherwise(""));
        VBox box = new VBox(progress, area);
        box.setId("stage-banner");
        box.getStyleClass().add("stage-banner");
        box.managedProperty().bind(vm.presentingProperty());
        box.visibleProperty().bind(vm.presentingProperty());
        // Fitted after the next pulse's CSS and layout, when the caption's font is its size class's (an applyCss of
        // its own, in between, resolved the theme's colours too early and warned); only while shown: outside
        // presentation mode its height changed at every step of a play for nothing.
        // As tall as the tour's tallest caption (up to CaptionArea's share of the screen), as the window's caption
        // area is: fitted to each caption in turn, the banner changed height at a step and moved every view under
        // it in front of the audience.
        CaptionScroll.keepFitted(area, caption, () -> captionWidth(area),
            () -> CaptionArea.mostHeight(root.getHeight(), bannerRest(captionWidth(area))),
            () -> vm.isPresenting() ? vm.banners() : java.util.List.of(),
            text -> CaptionFit.fontOf(text, root.getWidth(), StageScale.get()), root.widthProperty(),
            root.heightProperty(), StageScale.property(), box.visibleProperty(), vm.tour().content());
        return box;
    }

    /**
     * The caption area as tall as the caption at the area's width, but never taller than {@link CaptionArea}'s
     * share of the screen; the rest scrolls.
     */
    /** The caption area's width, or the screen's before the area is laid out. */
    private double captionWidth(ScrollPane area) {
        return area.getWidth() > 0 ? area.getWidth() : root.getWidth();
    }

    /** The banner's height besides the caption's area, at the area's width: padding, the progress line, spacing. */
    private double bannerRest(double areaWidth) {
        double rest = banner.snappedTopInset() + banner.snappedBottomInset() + banner.getSpacing();
        for (javafx.scene.Node n : banner.getChildren()) {
            if (n instanceof Label l) {
                rest += l.prefHeight(areaWidth);
            }
        }
        return rest;
    }

    /** Captions that would take more than three lines of the screen are set smaller ({@link CaptionFit}). */
    private void markLong(Label caption) {
        caption.getStyleClass().remove("long");
        if (CaptionFit.tooLong(caption.getText(), root.getWidth(), StageScale.get())) {
            caption.getStyleClass().add("long");
        }
    }

    private Label nextCaption() {
        Label next = new Label();
        next.setId("stage-next-caption");
        next.getStyleClass().add("stage-next-caption");
        // One line, under the views: the speaker needs where the next caption starts, the views the height (at 2x
        // four lines of 40% of the width took 142 px; two lines, cut after the first, 70 px of 1280x800's 800).
        next.setWrapText(false);
        next.textProperty().bind(Bindings.when(vm.presentingProperty()).then(vm.nextCaption()).otherwise(""));
        next.maxWidthProperty().bind(root.widthProperty().multiply(0.6));
        next.visibleProperty().bind(vm.presentingProperty().and(vm.showNextCaptionProperty())
                .and(vm.nextCaption().isNotEmpty()));
        next.setMouseTransparent(true);
        next.managedProperty().bind(next.visibleProperty());
        BorderPane.setAlignment(next, Pos.CENTER_RIGHT);
        return next;
    }

    private Label gotoPrompt() {
        Label prompt = new Label();
        prompt.setId("stage-goto");
        prompt.getStyleClass().add("stage-goto");
        prompt.textProperty().bind(Bindings.concat("Go to step: ", vm.gotoDigitsProperty(), "_"));
        prompt.visibleProperty().bind(vm.goingToProperty());
        StackPane.setAlignment(prompt, Pos.CENTER);
        return prompt;
    }

    private Region blank() {
        Region blank = new Region();
        blank.setId("stage-blank");
        blank.getStyleClass().add("stage-blank");
        blank.visibleProperty().bind(vm.blankedProperty());
        blank.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        return blank;
    }

    private void apply(boolean on) {
        panes.hideSecondaryPanes(on);
        // For presentation.css's rules that make views denser on stage (the page-table tree's rows).
        root.getStyleClass().remove("presenting");
        if (on) {
            root.getStyleClass().add("presenting");
        }
        if (stage.getScene() == scene) {
            stage.setFullScreen(on);
        }
        applyTheme();
    }

    private void applyScale(double s) {
        if (scaledSheet != null) {
            scene.getStylesheets().remove(scaledSheet);
            scaledSheet = null;
        }
        if (s != 1.0) { // at 1x the window keeps its own sizes (icons differ in size between toolbar and lists)
            scaledSheet = StageStyles.scaled(s);
            scene.getStylesheets().add(scaledSheet);
        }
    }

    private void applyTheme() {
        scene.getStylesheets().removeAll(StageStyles.HIGH_CONTRAST_LIGHT, StageStyles.HIGH_CONTRAST_DARK);
        StageTheme t = vm.isPresenting() ? vm.themeProperty().get() : StageTheme.STANDARD;
        if (t == StageTheme.STANDARD) {
            restoreWindowTheme.run();
            return;
        }
        Application.setUserAgentStylesheet(StageStyles.baseOf(t));
        scene.getStylesheets().add(StageStyles.overridesOf(t));
    }

    /** The cue list: the tour's phases by name, under the banner (or the window's top when not presenting). */
    public void showCues() {
        cueMenu.getItems().clear();
        for (TourCues.Cue c : vm.tour().cues()) {
            MenuItem item = new MenuItem((c.step() + 1) + ". " + c.name());
            item.setMnemonicParsing(false); // captions hold kernel names with underscores
            item.setOnAction(e -> vm.jumpTo(c));
            cueMenu.getItems().add(item);
        }
        if (cueMenu.getItems().isEmpty()) {
            return;
        }
        cueMenu.show(root, Side.TOP, 24, 24 + (banner.isVisible() ? banner.getHeight() : 0));
        cueMenu.getSkin().getNode().requestFocus();
    }

    public ContextMenu cueMenu() {
        return cueMenu;
    }

    public PresentationViewModel viewModel() {
        return vm;
    }

    public Parent root() {
        return root;
    }
}

package io.ioptexplorer.app.stage;

import io.ioptexplorer.viewmodel.stage.PresentationViewModel;
import io.ioptexplorer.viewmodel.stage.StageTheme;
import java.util.Locale;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/** The toolbar's "Present" menu: every presentation command, each with its key. */
public final class StageMenu {
    private static final double[] SCALES = {1.0, 1.5, 2.0, 2.5};

    private StageMenu() {
    }

    public static MenuButton of(PresentationMode mode) {
        PresentationViewModel vm = mode.viewModel();
        CheckMenuItem presenting = new CheckMenuItem("Presentation mode\tF11");
        presenting.setId("menu-presentation");
        presenting.selectedProperty().bindBidirectional(vm.presentingProperty());
        MenuItem cues = new MenuItem("Cue list: jump to a phase\tC");
        cues.setOnAction(e -> mode.showCues());
        MenuItem gotoStep = new MenuItem("Go to step…\tG, number, Enter");
        gotoStep.setOnAction(e -> vm.beginGoto());

        Menu scale = new Menu("Scale");
        ToggleGroup scales = new ToggleGroup();
        for (double s : SCALES) {
            RadioMenuItem item = new RadioMenuItem(String.format(Locale.ROOT, "%.1fx", s));
            item.setToggleGroup(scales);
            item.setSelected(Math.abs(vm.scaleProperty().get() - s) < 1e-9);
            item.setOnAction(e -> vm.setScale(s));
            scale.getItems().add(item);
        }
        vm.scaleProperty().addListener((o, a, now) -> scales.getToggles().forEach(t -> t.setSelected(
                ((RadioMenuItem) t).getText().equals(String.format(Locale.ROOT, "%.1fx", now.doubleValue())))));
        MenuItem larger = new MenuItem("Larger\tCtrl +");
        larger.setOnAction(e -> vm.zoomIn());
        MenuItem smaller = new MenuItem("Smaller\tCtrl -");
        smaller.setOnAction(e -> vm.zoomOut());
        scale.getItems().addAll(new SeparatorMenuItem(), larger, smaller);

        Menu theme = new Menu("Theme while presenting");
        ToggleGroup themes = new ToggleGroup();
        for (StageTheme t : StageTheme.values()) {
            RadioMenuItem item = new RadioMenuItem(t.label());
            item.setToggleGroup(themes);
            item.setSelected(vm.themeProperty().get() == t);
            item.setOnAction(e -> vm.themeProperty().set(t));
            theme.getItems().add(item);
        }
        CheckMenuItem next = new CheckMenuItem("Show the next caption in a corner");
        next.selectedProperty().bindBidirectional(vm.showNextCaptionProperty());
        MenuItem blank = new MenuItem("Blank the screen (presenting)\tB or .");
        blank.setOnAction(e -> vm.toggleBlank());
        blank.disableProperty().bind(vm.presentingProperty().not());

        FontIcon icon = new FontIcon(MaterialDesignP.PRESENTATION_PLAY);
        icon.setIconSize(20);
        MenuButton menu = new MenuButton("Present", icon, presenting, cues, gotoStep, new SeparatorMenuItem(),
                scale, theme, next, blank);
        menu.setId("present-button");
        menu.setTooltip(new Tooltip("Presentation mode for a talk or a class (F11)"));
        return menu;
    }
}

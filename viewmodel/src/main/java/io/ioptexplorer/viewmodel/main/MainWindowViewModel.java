package io.ioptexplorer.viewmodel.main;

import io.ioptexplorer.viewmodel.settings.SettingsStore;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the main window that is not specific to one panel: its title, the theme (remembered between runs) and
 * the status-bar message.
 */
public final class MainWindowViewModel {
    static final String THEME_KEY = "theme";

    private final SettingsStore settings;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("IOPT Explorer");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final StringProperty statusMessage = new SimpleStringProperty("");

    public MainWindowViewModel(SettingsStore settings) {
        this.settings = settings;
        theme.set(settings.get(THEME_KEY).map(Theme::parse).orElse(Theme.LIGHT));
        // Remember every change, however it was made (toolbar, shortcut, menu).
        theme.addListener((obs, old, now) -> settings.put(THEME_KEY, now.name()));
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public Theme getTheme() {
        return theme.get();
    }

    public StringProperty statusMessageProperty() {
        return statusMessage;
    }

    /** The theme command: light becomes dark and back. */
    public void toggleTheme() {
        theme.set(theme.get().other());
        statusMessage.set(theme.get() == Theme.DARK ? "Dark theme" : "Light theme");
    }
}
